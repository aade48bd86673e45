import { describe, expect, it } from 'vitest'
import { approverKeys, identitiesYaml } from '../../test/fixtures/approver-keys.js'
import { createTempStore, createViolation } from '../../test/fixtures/temp-store.js'
import { anchorPath } from '../config/home.js'
import type { Proposal } from '../core/records.js'
import { recordApproval, revokeApproval } from '../safety/approvals.js'
import { signClaim } from '../safety/approver-keys.js'
import { beginExecution } from '../safety/execution-gate.js'
import { evaluatePolicy } from '../safety/policy/evaluate-policy.js'
import { checkPolicyText } from '../safety/policy/load-policy.js'
import { assessRisk } from '../safety/risk.js'
import { enableAnchoring } from '../store/anchor-commit.js'
import { liveLog } from './check-anchor.js'
import { exportPackage } from './export-package.js'
import { verifyPackage } from './verify-package.js'

const SECRET = '9d2c7b4e1f8a3c6d0b5e2f7a4c9d1e6b3f8a0c5d2e7b4f9a1c6d3e8b0f5a2c7d'

// One test process is one OS user: the three people are told apart by their keys.
const PEOPLE = approverKeys('alice', 'bob', 'carol')
const signed = (p: Proposal, actor: 'alice' | 'bob' | 'carol') => ({
  proof: signClaim(PEOPLE[actor].privateKey, {
    proposal_id: p.id,
    content_hash: p.content_hash,
    actor,
    decision: 'approve',
  }),
})

function loaded() {
  const r = checkPolicyText(
    `
rules:
  - id: two-people-restart
    match: { action: restart_member }
    decision: require_approval
    min_approvals: 2
    approvers: [alice, bob, carol]
    approval_ttl: 10m
${identitiesYaml(Object.values(PEOPLE))}`,
    'policy.yaml',
  )
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.loaded
}

describe('audit package of a proposal run through the real approval code and execution gate', () => {
  it('verifies every check, and the approvals it shows are the ones the gate counted', () => {
    const { store, clock, path, home } = createTempStore()
    enableAnchoring(store.db, { path: anchorPath(path, home), secret: SECRET })
    const policy = loaded()
    store.setModes({ safety: 'execute', approval: 'manual' }, 'test')
    const ticket = store.upsertViolation('run-1', 'etcd', createViolation(), 'monitor').ticket
    const params = { member: 'm2' }
    let p = store.createProposal({
      ticket_id: ticket.id,
      run_id: 'run-1',
      attempt: 0,
      step: 0,
      steps: 1,
      action: 'restart_member',
      params,
      risk: 'medium',
      tier: 2,
      rationale: 'm2 crashed',
      created_by: 'agent',
    })
    const decision = evaluatePolicy(policy, {
      action: 'restart_member',
      kind: 'subject',
      subject: 'etcd',
      risk: 'medium',
      tier: 2,
    })
    const risk_assessment = assessRisk({
      base: 'medium',
      action: 'restart_member',
      params,
      paramFactors: [],
      recent: [],
      now: clock.now(),
    })
    p = store.transition(p.id, p.version, 'validated', {
      actor: 'agent',
      runId: 'run-1',
      governance: { policy: decision, risk_assessment },
    })
    p = store.transition(p.id, p.version, 'awaiting_approval', { actor: 'agent', runId: 'run-1' })
    const key = { secret: SECRET }
    for (const actor of ['alice', 'carol'] as const) {
      clock.advance(1_000)
      recordApproval(
        store,
        {
          proposalId: p.id,
          actor,
          decision: 'approve',
          comment: `${actor} agrees`,
          runId: 'run-1',
          ...signed(p, actor),
        },
        key,
      )
    }
    clock.advance(1_000)
    revokeApproval(store, p.id, 'carol', 'run-1')
    clock.advance(1_000)
    recordApproval(
      store,
      { proposalId: p.id, actor: 'bob', decision: 'approve', comment: null, runId: 'run-1', ...signed(p, 'bob') },
      key,
    )
    clock.advance(1_000)
    const gate = beginExecution(
      store.db,
      { proposalId: p.id, expectedVersion: store.proposal(p.id).version, agentId: 'agent', runId: 'run-1' },
      { key, policy: { loaded: policy, subject: 'etcd', kind: 'subject' } },
      clock.now(),
    )
    expect(gate.status).toBe('executing')
    clock.advance(2_000)
    p = store.transition(p.id, store.proposal(p.id).version, 'executed', {
      actor: 'agent',
      runId: 'run-1',
      reason: 'restarted',
      result: { status: 'ok', summary: 'restarted' },
    })
    p = store.transition(p.id, p.version, 'verified', { actor: 'agent', runId: 'run-1', reason: 'steady state back' })

    const pkg = exportPackage(store.db, p.id, clock.now(), anchorPath(path, home))
    const report = verifyPackage(JSON.parse(JSON.stringify(pkg)), {
      secret: { secret: SECRET, source: 'test' },
      live: liveLog(store.db, 'db'),
    })
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([])
    expect(report.checks.find((c) => c.id === 'approval_count')?.reason).toMatch(
      /^2\/2 distinct approver\(s\) under two-people-restart .*alice, bob/,
    )
    expect(pkg.parts.execution.data.started?.approvers).toEqual(['alice', 'bob'])
    expect(pkg.parts.token.data.used_token_id).toBe(pkg.parts.execution.data.started?.token_id)
  })
})
