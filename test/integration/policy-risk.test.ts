/**
 * The policy sees the risk a proposal really carries, on a real cluster: with
 * two of three members down, the one left answers status but cannot serve
 * reads, and the agent's remedy — restarting it — removes the last capacity.
 * Its base risk (medium) is raised to at least high, so the built-in policy
 * asks a person even in execute + auto mode: nothing executes until someone
 * approves, and `operator proposal ID --json` shows the risk the rule matched.
 *
 * (A paused leader is no such case: the others elect a new leader before the
 * agent looks, so the paused member is no longer the leader it would restart.)
 */
import { describe, expect, it } from 'vitest'
import type { Proposal } from '../../src/core/records.js'
import { createOperatorEnv, waitFor } from '../fixtures/operator-env.js'

const EXECUTE_AUTO = { OPERATOR_SAFETY_MODE: 'execute', OPERATOR_APPROVAL_MODE: 'auto' }

describe('policy on the effective risk, on real etcd', () => {
  it('holds a restart that removes the last capacity for a person in execute+auto mode', async () => {
    const op = createOperatorEnv()
    await op.clusterUp()
    op.spawn('agent', ['agent', '--settle', '800'], EXECUTE_AUTO)
    // Both faults before the monitor's first look: m1's ticket (members in order) is the first the agent claims.
    for (const [fault, target] of [
      ['kill_member', 'm2'],
      ['pause_member', 'm3'],
    ]) {
      const r = await op.cli(['fault', fault as string, '--target', target as string])
      expect(r.exitCode, r.stderr).toBe(0)
    }
    op.spawn('monitor', ['monitor', '--interval', '300'])

    const pending = await waitFor(
      "the agent's restart of m1, past validation",
      () =>
        op
          .store()
          .proposals()
          .find(
            (p) =>
              p.action === 'restart_member' &&
              p.params.member === 'm1' &&
              !['proposed', 'validated'].includes(p.status),
          ),
      90_000,
    )
    expect(pending.status).toBe('awaiting_approval')
    const assessed = pending.risk_assessment
    expect(assessed?.base).toBe('medium')
    expect(assessed?.param_factors).toContain('removes capacity while m2, m3 are down')
    expect(['high', 'critical']).toContain(assessed?.effective)
    expect(pending.policy).toMatchObject({
      rule_id: 'built-in.high-critical',
      decision: 'require_approval',
      matched_risk: assessed?.effective,
      risk_basis: expect.stringContaining('base medium raised by: '),
    })

    const shown = await op.cliJson<{ proposal: Proposal }>(['proposal', pending.id])
    expect(shown.proposal.policy?.matched_risk).toBe(assessed?.effective)
    expect(shown.proposal.policy?.risk_basis).toContain('removes capacity while m2, m3 are down')
    const text = await op.cli(['proposal', pending.id])
    expect(text.stdout).toMatch(new RegExp(`matched on +risk ${assessed?.effective} — base medium raised by: `))

    // The system does not approve it: it waits for a person, and nothing runs.
    await new Promise((r) => setTimeout(r, 1500))
    expect(op.store().proposal(pending.id).status).toBe('awaiting_approval')
    expect(op.store().approvals(pending.id)).toEqual([])
    expect(op.store().events({ types: ['proposal.executing'] })).toEqual([])

    const approve = await op.cli(['approve', pending.id, '--as', 'alice', '--comment', 'the last member: I know'])
    expect(approve.exitCode, approve.stderr).toBe(0)
    const executing = await waitFor(
      'the approved restart executing',
      () =>
        op
          .store()
          .events({ types: ['proposal.executing'] })
          .find((e) => e.payload.proposal_id === pending.id),
      60_000,
    )
    expect(executing.payload).toMatchObject({ approvers: ['alice'] })
    expect(
      op
        .store()
        .approvals(pending.id)
        .map((a) => a.actor),
    ).toEqual(['alice'])
  })
})
