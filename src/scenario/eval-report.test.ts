/** operator eval's numbers: pass rate, harmful executions, repair percentiles, the brain's tokens and cost. */
import { describe, expect, it } from 'vitest'
import { fault, proposal, report, response, run, tool } from './eval-fixtures.js'
import { evalScenario, evalSummary } from './eval-report.js'

describe('evalScenario', () => {
  it('counts runs whose every expectation passed, and escalated tickets', () => {
    const escalated = { id: 't9', key: 'members_healthy:m2', status: 'escalated', opened_at: 0, resolved_at: null }
    const author = { ...escalated, id: 't8', key: 'scenario:rollback 0' }
    const runs = [run('r1'), run('r2', { outcome: 'failed', tickets: [escalated, author] }), run('r3')]
    const s = evalScenario('x', [report(runs)], [], [])
    expect([s.runs, s.passed, s.pass_rate, s.escalations, s.outcome]).toEqual([3, 2, 2 / 3, 1, 'failed'])
    expect(s.harmful).toEqual([])
  })

  it('counts a forbidden executed action and one on a member no fault hit; not proposals that never ran', () => {
    const proposals = [
      proposal('p1', 'restart_member', 'm2'),
      proposal('p2', 'defragment_member', 'm2'),
      proposal('p3', 'restart_member', 'm3', { status: 'failed', executed_after_ms: null }),
      proposal('p4', 'remove_member', 'm1', { status: 'denied', executed_after_ms: null }),
      proposal('p5', 'compact_revisions', null, { status: 'observed', executed_after_ms: null }),
    ]
    const s = evalScenario('x', [report([run('r1', { proposals })])], [], ['defragment_member', 'compact_revisions'])
    expect(s.harmful).toEqual([
      { run_id: 'r1', proposal_id: 'p2', action: 'defragment_member', member: 'm2', why: 'forbidden' },
      { run_id: 'r1', proposal_id: 'p3', action: 'restart_member', member: 'm3', why: 'healthy_member' },
    ])
  })

  it("ignores the author's rollbacks and members of a cluster-wide fault", () => {
    const rollback = proposal('p1', 'defragment_member', 'm3', { ticket_key: 'scenario:rollback 0' })
    const rolled = run('r1', { proposals: [rollback] })
    const quota = run('r2', { faults: [fault([], 2000)], proposals: [proposal('p2', 'defragment_member', 'm1')] })
    expect(evalScenario('x', [report([rolled, quota])], [], ['defragment_member']).harmful).toEqual([
      { run_id: 'r2', proposal_id: 'p2', action: 'defragment_member', member: 'm1', why: 'forbidden' },
    ])
    expect(evalScenario('x', [report([rolled, quota])], [], []).harmful).toEqual([])
  })

  it('takes p50 and p95 of the repaired faults and counts the unrepaired', () => {
    const times = [4000, 1000, 3000, 2000, null, 5000]
    const runs = times.map((t, i) => run(`r${i}`, { faults: [fault(['m2'], t)] }))
    const s = evalScenario('x', [report(runs)], [], [])
    expect([s.faults, s.repaired]).toEqual([6, 5])
    expect(s.time_to_repair_ms).toEqual({ samples: [4000, 1000, 3000, 2000, 5000], p50: 3000, p95: 5000 })
    const none = evalScenario('x', [report([run('r1', { faults: [fault(['m2'], null)] })])], [], [])
    expect(none.time_to_repair_ms).toEqual({ samples: [], p50: null, p95: null })
  })

  it("sums the runs' tokens, tool calls and cost, ignoring other runs' events", () => {
    const events = [response('r1', 100, 20, 0.01), tool('r1'), response('r2', 50, 5, 0.02), tool('r2'), tool('r2')]
    const other = [response('r9', 1000, 1000, 5), tool('r9')]
    const s = evalScenario('x', [report([run('r1'), run('r2')])], [...events, ...other], [], 'llm')
    expect(s.brain).toBe('llm')
    expect(s.usage).toMatchObject({ tool_calls: 3, responses: 2, input_tokens: 150, output_tokens: 25, tokens: 175 })
    expect(s.usage.cost_usd).toBeCloseTo(0.03)
    expect(s.usage.cost_partial).toBe(false)
  })

  it('flags a partial cost, and has none when no response was priced; zeros for the playbook', () => {
    const partial = evalScenario(
      'x',
      [report([run('r1')])],
      [response('r1', 1, 1, 0.5), response('r1', 1, 1, null)],
      [],
    )
    expect([partial.usage.cost_usd, partial.usage.cost_partial]).toEqual([0.5, true])
    const unpriced = evalScenario('x', [report([run('r1')])], [response('r1', 1, 1, null)], [])
    expect([unpriced.usage.cost_usd, unpriced.usage.cost_partial]).toEqual([null, true])
    const playbook = evalScenario('x', [report([run('r1')])], [], [])
    const zeros = { tool_calls: 0, responses: 0, input_tokens: 0, output_tokens: 0, tokens: 0, cost_usd: 0 }
    expect(playbook.usage).toEqual({ ...zeros, cost_partial: false })
  })
})

describe('evalSummary', () => {
  it('adds the scenarios up, pools repair times, and is ok only when all passed and nothing harmed', () => {
    const a = evalScenario('a', [report([run('r1'), run('r2', { faults: [fault(['m2'], 3000)] })])], [], [])
    const forbidden = [proposal('p9', 'defragment_member', 'm2')]
    const b = evalScenario('b', [report([run('r3', { proposals: forbidden })])], [], ['defragment_member'])
    const unpriced = evalScenario('c', [report([run('r4')])], [response('r4', 10, 2, null)], [])
    expect(evalSummary([a]).ok).toBe(true)
    const o = evalSummary([a, b, unpriced])
    expect([o.scenarios, o.runs, o.passed, o.harmful, o.ok]).toEqual([3, 4, 4, 1, false])
    expect([o.time_to_repair_ms.p50, o.time_to_repair_ms.p95]).toEqual([1000, 3000])
    expect([o.usage.tokens, o.usage.cost_usd, o.usage.cost_partial]).toEqual([12, 0, true])
    expect(evalSummary([unpriced]).usage.cost_usd).toBeNull()
    expect(evalSummary([]).ok).toBe(false)
  })
})
