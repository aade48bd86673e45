/**
 * The contract's diagnosis on one real cluster: a real restart proposal is
 * blocked in turn by the approvals it needs, by observe mode and by the
 * latched kill switch, and `operator explain P --json` names each in triage
 * order; the ticket the kill switch escalated is explained with its root
 * cause; `timeline`, `next` and `runs summary --json` on that run parse with
 * their schemas.
 */
import { describe, expect, it } from 'vitest'
import { type Explanation, Explanation as ExplanationSchema } from '../../src/contract/explain-schema.js'
import { NextReport } from '../../src/contract/next.js'
import { RunSummary } from '../../src/contract/run-summary.js'
import { Timeline } from '../../src/contract/timeline.js'
import { createOperatorEnv, waitFor } from '../fixtures/operator-env.js'

describe('explain, timeline, next and runs summary on a real cluster', () => {
  it('explains a proposal blocked by approvals, observe mode and the kill switch, in triage order', async () => {
    const op = createOperatorEnv()
    const { run_id: run } = await op.clusterUp()
    op.spawn('monitor', ['monitor', '--interval', '300'])
    op.spawn('agent', ['agent', '--settle', '800'], { OPERATOR_SAFETY_MODE: 'execute' })
    expect((await op.cli(['fault', 'kill_member', '--target', 'm2'])).exitCode).toBe(0)
    const pending = await waitFor(
      'a restart awaiting approval',
      () => op.store().proposals({ status: ['awaiting_approval'] })[0],
      45_000,
    )
    const explained = async (id: string): Promise<Explanation> =>
      ExplanationSchema.parse(await op.cliJson(['explain', id]))
    const codes = async (id: string) => {
      const e = await explained(id)
      if (e.kind !== 'proposal') throw new Error(`expected a proposal explanation, got ${e.kind}`)
      return e.reasons.map((r) => r.code)
    }

    expect(await codes(pending.id)).toEqual(['needs_approvals'])
    const waiting = await explained(pending.id)
    expect(waiting.kind === 'proposal' && waiting.reasons[0]?.evidence.map((r) => r.type)).toEqual(
      expect.arrayContaining(['audit_seq', 'policy_rule', 'verification']),
    )

    expect((await op.cli(['mode', 'observe'])).exitCode).toBe(0)
    expect(await codes(pending.id)).toEqual(['observe_mode', 'needs_approvals'])

    expect((await op.cli(['kill'])).exitCode).toBe(0)
    expect(await codes(pending.id)).toEqual(['kill_switch_latched', 'observe_mode', 'cancelled'])

    const ticket = await waitFor('the ticket escalated by the kill switch', async () => {
      const e = await explained(pending.ticket_id)
      return e.kind === 'ticket' && e.status === 'escalated' ? e : null
    })
    expect(ticket.root_cause).toMatchObject({
      code: 'kill_switch',
      summary: expect.stringMatching(/the kill switch \(pulled by/),
    })
    expect(ticket.root_cause?.evidence.filter((r) => r.type === 'audit_seq').length).toBeGreaterThanOrEqual(2)
    expect(ticket.proposals.find((p) => p.id === pending.id)?.reasons.map((r) => r.code)).toContain(
      'kill_switch_latched',
    )
    const text = await op.cli(['explain', pending.ticket_id])
    expect(text.stdout).toMatch(/root cause: kill_switch/)

    const runTimeline = Timeline.parse(await op.cliJson(['timeline', run]))
    const types = runTimeline.events.map((e) => e.type)
    expect(types).toEqual(
      expect.arrayContaining(['cluster.up', 'fault.injected', 'ticket.opened', 'kill_switch.engaged']),
    )
    const ticketTimeline = Timeline.parse(await op.cliJson(['timeline', pending.ticket_id]))
    expect(ticketTimeline.events.some((e) => e.proposal_id === pending.id && e.type === 'proposal.cancelled')).toBe(
      true,
    )

    const next = NextReport.parse(await op.cliJson(['next', run]))
    expect(next).toMatchObject({ run_id: run, action: 'release_kill_switch', command: 'operator mode execute' })

    const summary = RunSummary.parse(await op.cliJson(['runs', 'summary', run]))
    expect(summary).toMatchObject({ run_id: run, status: 'running' })
    expect(summary.tickets.escalated).toBeGreaterThanOrEqual(1)
    expect(summary.faults).toHaveLength(1)
    expect(summary.time_to_detect_ms).not.toBeNull()
    expect((await op.cli(['audit', 'verify'])).exitCode).toBe(0)
  })
})
