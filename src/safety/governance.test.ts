import { statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { approverKeys, identitiesYaml } from '../../test/fixtures/approver-keys.js'
import { createTempStore, createViolation, tempDir } from '../../test/fixtures/temp-store.js'
import type { Proposal } from '../core/records.js'
import type { Store } from '../store/store.js'
import { recordApproval, revokeApproval } from './approvals.js'
import { signClaim } from './approver-keys.js'
import { beginExecution } from './execution-gate.js'
import { engageKillSwitch } from './kill-switch.js'
import { evaluatePolicy } from './policy/evaluate-policy.js'
import { checkPolicyText, type LoadedPolicy } from './policy/load-policy.js'
import { assessRisk } from './risk.js'
import { loadTokenSecret, resolveSigningKey, secretProblem } from './token-secret.js'
import { signToken, TOKEN_TTL_MS, tokensFor } from './tokens.js'

const KEY = { secret: '5e1f0c7a9b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f' }

const policy = (yaml: string): LoadedPolicy => {
  const r = checkPolicyText(yaml, 'test.yaml')
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.loaded
}

// One test process is one OS user: the people in these tests are told apart by their keys.
const PEOPLE = approverKeys('alice', 'bob', 'carol')

const TWO_PEOPLE = policy(`
rules:
  - id: two-people-restart
    match: { action: restart_member }
    decision: require_approval
    min_approvals: 2
    approvers: [alice, bob, carol]
    approval_ttl: 10m
${identitiesYaml(Object.values(PEOPLE))}`)

function setup(loaded: LoadedPolicy = TWO_PEOPLE) {
  const env = createTempStore()
  env.store.setModes({ safety: 'execute', approval: 'manual' }, 'test')
  const ticket = env.store.upsertViolation('run-1', 'etcd', createViolation(), 'monitor').ticket
  const propose = (params: Record<string, unknown> = { member: 'm2' }, s: Store = env.store): Proposal => {
    let p = s.createProposal({
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
    const decision = evaluatePolicy(loaded, {
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
      now: 0,
    })
    p = s.transition(p.id, p.version, 'validated', {
      actor: 'agent',
      runId: 'run-1',
      governance: { policy: decision, risk_assessment },
    })
    return s.transition(p.id, p.version, 'awaiting_approval', { actor: 'agent', runId: 'run-1' })
  }
  /** An approval signed with the actor's key (when they have one). */
  const approve = (p: Proposal, actor: string, s: Store = env.store) => {
    const key = PEOPLE[actor as keyof typeof PEOPLE]?.privateKey
    const claim = { proposal_id: p.id, content_hash: p.content_hash, actor, decision: 'approve' as const }
    const proof = key ? { proof: signClaim(key, claim) } : {}
    return recordApproval(
      s,
      { proposalId: p.id, actor, decision: 'approve', comment: null, runId: 'run-1', ...proof },
      KEY,
    )
  }
  const gate = (p: Proposal, s: Store = env.store, key: typeof KEY | { secret: null; problem: string } = KEY) =>
    beginExecution(
      s.db,
      { proposalId: p.id, expectedVersion: s.proposal(p.id).version, agentId: 'agent', runId: 'run-1' },
      { key, policy: { loaded, subject: 'etcd', kind: 'subject' } },
      env.clock.now(),
    )
  return { ...env, ticket, propose, approve, gate }
}

describe('N-of-M approvals', () => {
  it('needs two distinct allowed people, counts each once, and issues a token only when complete', () => {
    const { store, propose, approve } = setup()
    const p = propose()
    expect(approve(p, 'alice').status).toBe('awaiting_approval')
    expect(tokensFor(store.db, p.id)).toHaveLength(0)
    expect(() => approve(p, 'alice')).toThrow(/alice already decided/)
    expect(() => approve(p, 'mallory')).toThrow(/mallory is not an allowed approver .* two-people-restart/)
    expect(approve(p, 'bob').status).toBe('approved')
    expect(tokensFor(store.db, p.id)).toHaveLength(1)
  })

  it('sends an approved proposal back to waiting when an approver revokes, and revokes its token', () => {
    const { store, propose, approve, gate } = setup()
    const p = propose()
    approve(p, 'alice')
    approve(p, 'bob')
    expect(revokeApproval(store, p.id, 'bob', 'run-1').status).toBe('awaiting_approval')
    expect(tokensFor(store.db, p.id).every((t) => t.revoked_at !== null)).toBe(true)
    expect(gate(p)).toMatchObject({ status: 'refused' })
    expect(approve(p, 'carol').status).toBe('approved')
    expect(gate(p)).toMatchObject({ status: 'executing' })
    expect(() => revokeApproval(store, p.id, 'alice', 'run-1')).toThrow(/too late to revoke/)
  })

  it('stops counting an approval after its TTL: the gate asks for people again', () => {
    const { clock, propose, approve, gate, store } = setup()
    const p = propose()
    approve(p, 'alice')
    approve(p, 'bob')
    clock.advance(11 * 60_000)
    const r = gate(p)
    expect(r).toMatchObject({ status: 'needs_approval' })
    expect(r.status === 'needs_approval' && r.reason).toMatch(/0\/2/)
    expect(store.proposal(p.id).status).toBe('awaiting_approval')
  })

  it('refuses approval of a changed proposal, by hash at approval and by content at execution', () => {
    const { store, propose, approve, gate } = setup()
    const p = propose()
    expect(() =>
      recordApproval(
        store,
        {
          proposalId: p.id,
          actor: 'alice',
          decision: 'approve',
          comment: null,
          runId: null,
          expectedHash: 'f'.repeat(64),
        },
        KEY,
      ),
    ).toThrow(/changed since it was shown/)
    approve(p, 'alice')
    approve(p, 'bob')
    store.db.prepare('UPDATE proposals SET params = ? WHERE id = ?').run(JSON.stringify({ member: 'm1' }), p.id)
    expect(gate(p)).toMatchObject({ status: 'refused', reason: 'proposal content does not match its content hash' })
  })
})

describe('execution tokens', () => {
  function approved() {
    const env = setup()
    const p = env.propose()
    env.approve(p, 'alice')
    env.approve(p, 'bob')
    return { ...env, p }
  }

  it('refuses a forged token and revokes it', () => {
    const { store, p, gate } = approved()
    store.db.prepare('UPDATE tokens SET signature = ? WHERE proposal_id = ?').run('ab'.repeat(32), p.id)
    expect(gate(p)).toMatchObject({ status: 'refused', reason: expect.stringMatching(/invalid signature/) })
    expect(store.events({ types: ['execution.refused'] })).toHaveLength(1)
  })

  it('is single use: a replay finds no live token', () => {
    const { store, p, gate } = approved()
    expect(gate(p).status).toBe('executing')
    store.db.prepare("UPDATE proposals SET status = 'approved' WHERE id = ?").run(p.id)
    expect(gate(p)).toMatchObject({ status: 'refused', reason: 'no live execution token for this proposal' })
  })

  it('expires: an old token moves the proposal to expired', () => {
    const { store, clock, p, gate } = approved()
    clock.advance(TOKEN_TTL_MS + 1)
    expect(gate(p)).toMatchObject({ status: 'refused', reason: expect.stringMatching(/expired/) })
    expect(store.proposal(p.id).status).toBe('expired')
  })

  it('refuses a correctly signed token for other content', () => {
    const { store, p, gate } = approved()
    const t = tokensFor(store.db, p.id)[0]
    if (!t) throw new Error('no token')
    const other = { ...t, content_hash: 'e'.repeat(64) }
    store.db
      .prepare('UPDATE tokens SET content_hash = ?, signature = ? WHERE id = ?')
      .run(other.content_hash, signToken(KEY.secret, other), t.id)
    expect(gate(p)).toMatchObject({ status: 'refused', reason: expect.stringMatching(/for other content/) })
  })

  it('fails closed without a valid secret, and records why', () => {
    const { store, p, gate } = approved()
    expect(gate(p, store, { secret: null, problem: 'OPERATOR_TOKEN_SECRET is refused' })).toMatchObject({
      status: 'refused',
      reason: expect.stringMatching(/no valid token secret/),
    })
    expect(store.events({ types: ['execution.refused'] }).at(-1)?.payload.reason).toMatch(
      /no valid token secret: .*is refused/,
    )
  })
})

describe('policy at execution time', () => {
  it('denies an approved proposal when the policy now denies it, naming the rule', () => {
    const env = setup()
    const p = env.propose()
    env.approve(p, 'alice')
    env.approve(p, 'bob')
    const strict = policy('rules:\n  - id: freeze\n    match: { action: restart_member }\n    decision: deny\n')
    const r = beginExecution(
      env.store.db,
      { proposalId: p.id, expectedVersion: env.store.proposal(p.id).version, agentId: 'agent', runId: 'run-1' },
      { key: KEY, policy: { loaded: strict, subject: 'etcd', kind: 'subject' } },
      env.clock.now(),
    )
    expect(r).toMatchObject({ status: 'refused', reason: 'policy now denies it (freeze)' })
    expect(env.store.proposal(p.id)).toMatchObject({ status: 'denied', reason: expect.stringMatching(/freeze/) })
  })
})

describe('approve racing the kill switch', () => {
  it('leaves nothing executable whichever lands first', () => {
    for (const order of ['approve-first', 'kill-first'] as const) {
      const env = setup()
      const other = env.open()
      const p = env.propose()
      env.approve(p, 'alice')
      const kill = () => engageKillSwitch(other.db, 'bob', env.clock.now())
      if (order === 'approve-first') {
        env.approve(p, 'bob')
        kill()
      } else {
        kill()
        expect(() => env.approve(p, 'bob')).toThrow(/cancelled, not awaiting approval/)
      }
      expect(env.store.proposal(p.id).status).toBe('cancelled')
      expect(tokensFor(env.store.db, p.id).every((t) => t.revoked_at !== null)).toBe(true)
      env.store.setModes({ safety: 'execute', explicit: true }, 'alice')
      expect(env.gate(p).status).toBe('refused')
    }
  })
})

describe('the signing secret', () => {
  it('refuses placeholders and short secrets', () => {
    expect(secretProblem('changeme')).toMatch(/at least 32/)
    expect(secretProblem('changeme-changeme-changeme-changeme-1')).toMatch(/placeholder/)
    expect(secretProblem('a'.repeat(40))).toMatch(/distinct/)
    expect(secretProblem(KEY.secret)).toBeNull()
    expect(resolveSigningKey(tempDir(), { OPERATOR_TOKEN_SECRET: 'secret' })).toMatchObject({
      secret: null,
      problem: expect.stringMatching(/refused/),
    })
  })

  it('creates a 0600 secret file on first use and reuses it', () => {
    const home = tempDir()
    const first = loadTokenSecret(home, {})
    expect(statSync(join(home, 'token.secret')).mode & 0o777).toBe(0o600)
    expect(loadTokenSecret(home, {}).secret).toBe(first.secret)
  })
})
