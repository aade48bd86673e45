/**
 * The policy sees the risk a proposal really carries, on a real cluster: with
 * two of three members down, the one left answers status but cannot serve
 * reads, and restarting it removes the last capacity. The agent never plans
 * that (it is a victim, not a cause: triage), but another proposer may — a
 * second brain going through the same governed loop, as a model will. Its
 * base risk (medium) is raised to at least high, so the built-in policy asks a
 * person even in execute + auto mode: nothing executes until someone
 * approves, and `operator proposal ID --json` shows the risk the rule matched.
 *
 * (A paused leader is no such case: the others elect a new leader before the
 * agent looks, so the paused member is no longer the leader it would restart.)
 */
import { Writable } from 'node:stream'
import { describe, expect, it, onTestFinished } from 'vitest'
import { DEFAULT_AGENT_SETTINGS } from '../../src/agent/context.js'
import { proposeAndRun } from '../../src/agent/run-step.js'
import { systemClock } from '../../src/core/clock.js'
import type { Proposal } from '../../src/core/records.js'
import { createLogger } from '../../src/log/logger.js'
import { subjectModule } from '../../src/registry/subjects.js'
import { loadPolicy } from '../../src/safety/policy/load-policy.js'
import { resolveSigningKey } from '../../src/safety/token-secret.js'
import { createOperatorEnv, waitFor } from '../fixtures/operator-env.js'

const quiet = () => new Writable({ write: (_c, _e, done) => done() })

describe('policy on the effective risk, on real etcd', () => {
  it('holds a restart that removes the last capacity for a person in execute+auto mode', async () => {
    const op = createOperatorEnv()
    const { run_id } = await op.clusterUp()
    expect((await op.cli(['mode', 'execute', '--approval', 'auto'])).exitCode).toBe(0)
    for (const [fault, target] of [
      ['kill_member', 'm2'],
      ['pause_member', 'm3'],
    ]) {
      const r = await op.cli(['fault', fault as string, '--target', target as string])
      expect(r.exitCode, r.stderr).toBe(0)
    }
    // A second proposer, in this process: the subject opened for the run, the built-in policy, the run's key.
    const subject = await subjectModule('etcd').open(op.home, run_id, { clock: systemClock, log: () => undefined })
    const store = op.store()
    const stop = new AbortController()
    onTestFinished(async () => {
      stop.abort()
      await subject.close()
      store.close()
    })
    const ticket = store.openTaskTicket(
      run_id,
      'etcd',
      { key: 'brain:restart-m1', target: 'm1', message: 'a second brain restarts m1' },
      'brain-2',
    )
    const ctx = {
      agentId: 'brain-2',
      governance: { policy: loadPolicy(undefined), key: () => resolveSigningKey(op.home) },
      subject,
      store,
      clock: systemClock,
      logger: createLogger('agent', quiet()),
      settings: { ...DEFAULT_AGENT_SETTINGS },
    }
    const observation = await subject.observe(stop.signal)
    const position = { attempt: 0, step: 0, steps: 1, rationale: 'restart the one member left' }
    const run = proposeAndRun(
      ctx,
      ticket,
      { action: 'restart_member', params: { member: 'm1' } },
      position,
      stop.signal,
      observation,
      { checkViolation: false },
    )

    const pending = await waitFor(
      'the restart of m1, past validation',
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
    // m1 cannot serve before it has a quorum again: m3 resumed gives it one, and the restart succeeds.
    expect((await op.cli(['fault', 'resume_member', '--target', 'm3'])).exitCode).toBe(0)
    expect((await run).kind).toBe('executed')
    expect(
      op
        .store()
        .approvals(pending.id)
        .map((a) => a.actor),
    ).toEqual(['alice'])
  })
})
