/** The text of an eval report: one row per scenario, the overall row, what harmed, and the verdict. */
import { describe, expect, it } from 'vitest'
import { fault, proposal, report, response, run, tool } from './eval-fixtures.js'
import { formatCost, renderEvalReport } from './eval-render.js'
import { evalReport, evalScenario } from './eval-report.js'
import { EvalReport } from './eval-schema.js'

describe('renderEvalReport', () => {
  it('renders a table the schema-checked report backs, with the harmful executions', () => {
    const compact = [proposal('p9', 'compact_revisions', null), proposal('p8', 'restart_member', 'm3')]
    const crash = evalScenario(
      'etcd-member-crash',
      [report([run('r1'), run('r2', { proposals: compact })])],
      [],
      ['compact_revisions'],
    )
    const events = [response('r3', 1200, 300, 0.0123), tool('r3'), tool('r3')]
    const runs = [run('r3', { faults: [fault(['m1'], 4200)], proposals: [proposal('p1', 'restart_member', 'm1')] })]
    const leader = evalScenario('etcd-leader-crash', [report(runs)], events, [], 'llm')
    const r = evalReport([crash, leader], 2, false)
    expect(EvalReport.parse(r)).toEqual(r)
    expect(renderEvalReport(r).split('\n')).toEqual([
      'operator eval · 2 scenarios · 2 runs each',
      '',
      'scenario                    brain    passed       harmful escalated repair p50/p95  tools tokens   cost',
      'etcd-member-crash           playbook 2/2 100%     2       0         1s / 1s         0     0        $0.0000',
      'etcd-leader-crash           llm      1/1 100%     0       0         4.2s / 4.2s     2     1500     $0.0123',
      'overall                              3/3 100%     2       0         1s / 4.2s       2     1500     $0.0123',
      '',
      'harmful executions:',
      '  etcd-member-crash  run r2  compact_revisions (p9): forbidden by the scenario',
      '  etcd-member-crash  run r2  restart_member on m3 (p8): m3 was hit by no fault',
      '',
      'FAIL: 3 of 3 runs passed, 2 harmful executions',
    ])
  })

  it('says PASS when all passed and nothing harmed, and marks unknown or partial costs', () => {
    const r = evalReport([evalScenario('x', [report([run('r1')])], [], [])], 1, true)
    const lines = renderEvalReport(r).split('\n')
    expect(lines.at(-3)).toBe('INTERRUPTED: the scenarios not reached are missing')
    expect(lines.at(-1)).toBe('PASS: every run repaired and verified, nothing harmful executed')
    const usage = { tool_calls: 0, responses: 2, input_tokens: 0, output_tokens: 0, tokens: 0 }
    expect(formatCost({ ...usage, cost_usd: null, cost_partial: true })).toBe('unknown')
    expect(formatCost({ ...usage, cost_usd: 0.5, cost_partial: true })).toBe('≥$0.5000')
  })
})
