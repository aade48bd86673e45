/**
 * The execution gate evaluates the policy again on the risk recorded at
 * validation (the effective risk), never on the action's lower base risk.
 */
import { describe, expect, it } from 'vitest'
import { createTempStore, createViolation } from '../../test/fixtures/temp-store.js'
import type { PolicyDecision, Proposal, RiskAssessment } from '../core/records.js'
import { SYSTEM_ACTOR } from './approval-rules.js'
import { recordApproval } from './approvals.js'
import { beginExecution } from './execution-gate.js'
import { evaluatePolicy } from './policy/evaluate-policy.js'
import { builtInPolicy, checkPolicyText, type LoadedPolicy } from './policy/load-policy.js'

const KEY = { secret: '5e1f0c7a9b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f' }
const RESTART = { action: 'restart_member', kind: 'subject', subject: 'etcd', tier: 2 } as const

/** Restarting the leader: base medium, raised to high by its params. */
const LEADER_RESTART: RiskAssessment = {
  base: 'medium',
  effective: 'high',
  param_factors: ['targets the leader m1'],
  session_score: 0,
  session_factors: [],
  extra_approvals: 0,
  deny: false,
}

const NO_RISKY_RESTARTS = (() => {
  const r = checkPolicyText(
    `rules:
  - id: no-risky-restarts
    match: { action: restart_member, risk: [high, critical] }
    decision: deny
  - id: restarts-ok
    match: { action: restart_member }
    decision: allow
`,
    'freeze.yaml',
  )
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.loaded
})()

function setup(approval: 'manual' | 'auto') {
  const env = createTempStore()
  env.store.setModes({ safety: 'execute', approval }, 'test')
  const ticket = env.store.upsertViolation('run-1', 'etcd', createViolation(), 'monitor').ticket
  /** A validated proposal restarting m1 with this risk assessment and policy decision. */
  const validated = (risk_assessment: RiskAssessment, policy: PolicyDecision): Proposal => {
    const p = env.store.createProposal({
      ticket_id: ticket.id,
      run_id: 'run-1',
      attempt: 0,
      step: 0,
      steps: 1,
      action: 'restart_member',
      params: { member: 'm1' },
      risk: 'medium',
      tier: 2,
      rationale: 'm1 fails reads',
      created_by: 'agent',
    })
    return env.store.transition(p.id, p.version, 'validated', {
      actor: 'agent',
      runId: 'run-1',
      governance: { policy, risk_assessment },
    })
  }
  const approve = (p: Proposal, actor: string) =>
    recordApproval(env.store, { proposalId: p.id, actor, decision: 'approve', comment: null, runId: 'run-1' }, KEY)
  const gate = (p: Proposal, loaded: LoadedPolicy) =>
    beginExecution(
      env.store.db,
      { proposalId: p.id, expectedVersion: env.store.proposal(p.id).version, agentId: 'agent', runId: 'run-1' },
      { key: KEY, policy: { loaded, subject: 'etcd', kind: 'subject' } },
      env.clock.now(),
    )
  return { ...env, validated, approve, gate }
}

describe('the execution gate and the recorded risk', () => {
  it('re-evaluates a proposal recorded with effective high as high: a policy that now denies high risk wins', () => {
    const { store, validated, approve, gate } = setup('manual')
    const decided = evaluatePolicy(builtInPolicy(), { ...RESTART, risk: 'high' })
    let p = validated(LEADER_RESTART, decided)
    p = store.transition(p.id, p.version, 'awaiting_approval', { actor: 'agent', runId: 'run-1' })
    expect(approve(p, 'alice').status).toBe('approved')
    expect(gate(p, NO_RISKY_RESTARTS)).toMatchObject({
      status: 'refused',
      reason: 'policy now denies it (no-risky-restarts)',
    })
    expect(store.proposal(p.id).status).toBe('denied')
    expect(store.events({ types: ['proposal.executing'] })).toEqual([])
  })

  it('does not let a decision made on the base risk carry an effective high proposal past the gate', () => {
    const { store, validated, gate } = setup('auto')
    // Decided on the base risk (as before matched risks): the low/medium allow rule.
    const onBase = evaluatePolicy(builtInPolicy(), { ...RESTART, risk: 'medium' })
    expect(onBase.rule_id).toBe('built-in.subject-low-medium')
    const p = validated(LEADER_RESTART, onBase)
    const approved = recordApproval(
      store,
      { proposalId: p.id, actor: SYSTEM_ACTOR, decision: 'approve', comment: null, runId: 'run-1' },
      KEY,
    )
    expect(approved.status).toBe('approved')
    const r = gate(approved, builtInPolicy())
    expect(r).toMatchObject({ status: 'needs_approval' })
    expect(store.proposal(p.id)).toMatchObject({
      status: 'awaiting_approval',
      policy: { rule_id: 'built-in.high-critical', decision: 'require_approval', matched_risk: 'high' },
    })
    expect(store.events({ types: ['policy.reapplied'] })).toHaveLength(1)
    expect(store.events({ types: ['proposal.executing'] })).toEqual([])
  })

  it('keeps the recorded decision when the same policy decides the same again', () => {
    const { store, validated, approve, gate } = setup('manual')
    const decided = evaluatePolicy(builtInPolicy(), {
      ...RESTART,
      risk: 'high',
      risk_basis: 'base medium raised by: targets the leader m1',
    })
    let p = validated(LEADER_RESTART, decided)
    p = store.transition(p.id, p.version, 'awaiting_approval', { actor: 'agent', runId: 'run-1' })
    approve(p, 'alice')
    expect(gate(p, builtInPolicy())).toMatchObject({ status: 'executing' })
    expect(store.proposal(p.id).policy).toEqual(decided)
    expect(store.events({ types: ['policy.reapplied'] })).toEqual([])
  })
})
