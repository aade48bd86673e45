/**
 * The agent's validation path: the policy is matched on the risk the proposal
 * really carries (its base raised by the subject's parameter factors), so a
 * restart of the leader is not approved by the system in auto mode.
 */
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { RESTART_MEMBER } from '../../subjects/etcd/actions/restart-member.js'
import { createEtcdChecker } from '../../subjects/etcd/checker.js'
import type { EtcdObservation } from '../../subjects/etcd/observation.js'
import { etcdPlaybook } from '../../subjects/etcd/playbook.js'
import { etcdRiskFactors } from '../../subjects/etcd/risk-factors.js'
import { createObservation, upMember } from '../../test/fixtures/etcd-observation.js'
import { createTempStore, createViolation } from '../../test/fixtures/temp-store.js'
import type { ActionDefinition, Subject } from '../core/subject.js'
import { createLogger } from '../log/logger.js'
import { SYSTEM_ACTOR } from '../safety/approval-rules.js'
import { builtInPolicy } from '../safety/policy/load-policy.js'
import { type AgentContext, DEFAULT_AGENT_SETTINGS } from './context.js'
import { proposeAndRun } from './run-step.js'

const KEY = { secret: '5e1f0c7a9b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f' }

/** m1 leads and answers status but fails linearizable reads: its ticket's remedy is a restart of the leader. */
const LEADER_UNHEALTHY: EtcdObservation = createObservation({
  members: [
    upMember('m1', { healthy: false, health_error: 'context deadline exceeded' }),
    upMember('m2'),
    upMember('m3'),
  ],
})

function agentOn(observation: EtcdObservation) {
  const env = createTempStore()
  env.store.setModes({ safety: 'execute', approval: 'auto' }, 'test')
  const ran: unknown[] = []
  const restart: ActionDefinition<unknown> = {
    ...(RESTART_MEMBER as ActionDefinition<unknown>),
    run: async (params) => {
      ran.push(params)
      return { status: 'ok', summary: 'restarted' }
    },
  }
  const subject: Subject<EtcdObservation> = {
    name: 'etcd',
    run_id: 'run-1',
    observe: async () => observation,
    checker: createEtcdChecker(),
    actions: [restart],
    faults: [],
    playbook: etcdPlaybook,
    summarize: () => '',
    riskFactors: etcdRiskFactors,
    close: async () => undefined,
  }
  const ctx: AgentContext = {
    agentId: 'agent-1',
    governance: { policy: builtInPolicy(), key: () => KEY },
    subject: subject as unknown as Subject,
    store: env.store,
    clock: env.clock,
    logger: createLogger('agent', new Writable({ write: (_chunk, _enc, done) => done() })),
    settings: DEFAULT_AGENT_SETTINGS,
  }
  const violation = createViolation({ key: 'members_healthy:m1', target: 'm1', message: 'm1 fails reads' })
  const ticket = env.store.upsertViolation('run-1', 'etcd', violation, 'monitor').ticket
  return { ...env, ctx, ticket, ran }
}

describe('validating a proposal', () => {
  it('matches the built-in policy on the effective risk: a restart of the leader needs a person in auto mode', async () => {
    const { ctx, ticket, ran, store } = agentOn(LEADER_UNHEALTHY)
    const [candidate] = etcdPlaybook.candidates(
      createViolation({ key: 'members_healthy:m1', target: 'm1' }),
      LEADER_UNHEALTHY,
    )
    expect(candidate?.steps).toEqual([{ action: 'restart_member', params: { member: 'm1' } }])
    // Aborted: the step stops where it would wait for a person.
    const stop = new AbortController()
    stop.abort()
    const outcome = await proposeAndRun(
      ctx,
      ticket,
      { action: 'restart_member', params: { member: 'm1' } },
      { attempt: 0, step: 0, steps: 1, rationale: 'm1 fails reads' },
      stop.signal,
      LEADER_UNHEALTHY,
    )
    const p = store.proposal(outcome.proposal.id)
    expect(p.risk_assessment).toMatchObject({
      base: 'medium',
      effective: 'high',
      param_factors: ['targets the leader m1'],
    })
    expect(p.policy).toMatchObject({
      rule_id: 'built-in.high-critical',
      decision: 'require_approval',
      min_approvals: 1,
      matched_risk: 'high',
      risk_basis: 'base medium raised by: targets the leader m1',
    })
    expect(p.status).toBe('awaiting_approval')
    expect(store.approvals(p.id).filter((a) => a.actor === SYSTEM_ACTOR)).toEqual([])
    expect(store.events({ types: ['proposal.executing'] })).toEqual([])
    expect(ran).toEqual([])
  })

  it('still lets the system approve a medium-risk restart of a follower in auto mode', async () => {
    const obs = createObservation({
      members: [upMember('m1'), upMember('m2', { healthy: false, health_error: 'timeout' }), upMember('m3')],
    })
    const { ctx, store } = agentOn(obs)
    const violation = createViolation({ key: 'members_healthy:m2', target: 'm2' })
    const ticket = store.upsertViolation('run-1', 'etcd', violation, 'monitor').ticket
    const outcome = await proposeAndRun(
      ctx,
      ticket,
      { action: 'restart_member', params: { member: 'm2' } },
      { attempt: 0, step: 0, steps: 1, rationale: 'm2 fails reads' },
      new AbortController().signal,
      obs,
    )
    const p = store.proposal(outcome.proposal.id)
    expect(p.policy).toMatchObject({ rule_id: 'built-in.subject-low-medium', matched_risk: 'medium' })
    expect(store.approvals(p.id).map((a) => a.actor)).toEqual([SYSTEM_ACTOR])
  })
})
