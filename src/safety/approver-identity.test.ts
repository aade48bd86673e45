import { userInfo } from 'node:os'
import { describe, expect, it } from 'vitest'
import { approverKeys, identitiesYaml, type TestApprover } from '../../test/fixtures/approver-keys.js'
import { createTempStore, createViolation } from '../../test/fixtures/temp-store.js'
import { OperatorError } from '../core/errors.js'
import type { Proposal } from '../core/records.js'
import { approvalStatus } from './approval-rules.js'
import { recordApproval } from './approvals.js'
import { distinctPeople } from './approver-identity.js'
import { signClaim } from './approver-keys.js'
import { beginExecution } from './execution-gate.js'
import { evaluatePolicy } from './policy/evaluate-policy.js'
import { checkPolicyText, type LoadedPolicy } from './policy/load-policy.js'
import { tokensFor } from './tokens.js'

const KEY = { secret: '5e1f0c7a9b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f' }
const ME = userInfo()
const PEOPLE = approverKeys('alice', 'bob', 'carol')

const policy = (yaml: string): LoadedPolicy => {
  const r = checkPolicyText(yaml, 'test.yaml')
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.loaded
}

const rule = (lines = 'approvers: [alice, bob, carol]') => `rules:
  - id: two-people-restart
    match: { action: restart_member }
    decision: require_approval
    min_approvals: 2
    ${lines}
`

function setup(loaded: LoadedPolicy) {
  const env = createTempStore()
  env.store.setModes({ safety: 'execute', approval: 'manual' }, 'test')
  const ticket = env.store.upsertViolation('run-1', 'etcd', createViolation(), 'monitor').ticket
  let p = env.store.createProposal({
    ticket_id: ticket.id,
    run_id: 'run-1',
    attempt: 0,
    step: 0,
    steps: 1,
    action: 'restart_member',
    params: { member: 'm2' },
    risk: 'medium',
    tier: 2,
    rationale: 'm2 crashed',
    created_by: 'agent',
  })
  const facts = {
    action: 'restart_member',
    kind: 'subject' as const,
    subject: 'etcd',
    risk: 'medium' as const,
    tier: 2 as const,
  }
  p = env.store.transition(p.id, p.version, 'validated', {
    actor: 'agent',
    runId: 'run-1',
    governance: {
      policy: evaluatePolicy(loaded, facts),
      risk_assessment: {
        base: 'medium',
        effective: 'medium',
        param_factors: [],
        session_score: 0,
        session_factors: [],
        extra_approvals: 0,
        deny: false,
      },
    },
  })
  p = env.store.transition(p.id, p.version, 'awaiting_approval', { actor: 'agent', runId: 'run-1' })
  const proposal = p
  /** An approval from this process (this OS user), signed with `key` when given. */
  const approve = (actor: string, key?: TestApprover, decision: 'approve' | 'reject' = 'approve'): Proposal =>
    recordApproval(
      env.store,
      {
        proposalId: proposal.id,
        actor,
        decision,
        comment: null,
        runId: 'run-1',
        ...(key
          ? {
              proof: signClaim(key.privateKey, {
                proposal_id: proposal.id,
                content_hash: proposal.content_hash,
                actor,
                decision,
              }),
            }
          : {}),
      },
      KEY,
    )
  const status = () => approvalStatus(proposal, env.store.approvals(proposal.id), env.store.modes(), env.clock.now())
  const gate = () =>
    beginExecution(
      env.store.db,
      {
        proposalId: proposal.id,
        expectedVersion: env.store.proposal(proposal.id).version,
        agentId: 'a',
        runId: 'run-1',
      },
      { key: KEY, policy: { loaded, subject: 'etcd', kind: 'subject' } },
      env.clock.now(),
    )
  return { ...env, proposal, approve, status, gate }
}

function refusal(f: () => unknown): OperatorError {
  try {
    f()
  } catch (err) {
    if (err instanceof OperatorError) return err
    throw err
  }
  throw new Error('expected a refusal')
}

describe('approvals bound to the OS user who made them', () => {
  it('records the uid and name of every approval, in the row and in the audit event', () => {
    const { store, proposal, approve } = setup(policy(rule()))
    approve('alice')
    expect(store.approvals(proposal.id)[0]).toMatchObject({ actor: 'alice', os_uid: ME.uid, os_user: ME.username })
    expect(store.events({ types: ['approval.recorded'] })[0]?.payload).toMatchObject({
      os_uid: ME.uid,
      os_user: ME.username,
    })
  })

  it('counts two names from one OS user once: one shell cannot be two people', () => {
    const { store, proposal, approve, status } = setup(policy(rule()))
    approve('alice')
    expect(approve('bob').status).toBe('awaiting_approval')
    expect(tokensFor(store.db, proposal.id)).toHaveLength(0)
    const s = status()
    expect(s.counted).toEqual(['alice'])
    expect(s.discounted).toEqual([{ actor: 'bob', why: expect.stringMatching(/same OS user as alice/) }])
    expect(s.reason).toMatch(/^1\/2 distinct/)
  })

  it('counts people sharing an OS user apart when each signs with the key the policy names', () => {
    const { store, proposal, approve } = setup(policy(rule() + identitiesYaml(Object.values(PEOPLE))))
    approve('alice', PEOPLE.alice)
    expect(approve('bob', PEOPLE.bob).status).toBe('approved')
    expect(tokensFor(store.db, proposal.id)).toHaveLength(1)
    expect(store.approvals(proposal.id)[1]?.key_fingerprint).toMatch(/^[0-9a-f]{64}$/)
  })

  it('does not let an unsigned name borrow a keyed person from the same OS user', () => {
    const keyed = policy(rule() + identitiesYaml([PEOPLE.alice]))
    const { approve, status } = setup(keyed)
    approve('alice', PEOPLE.alice)
    expect(approve('bob').status).toBe('awaiting_approval')
    expect(status().counted).toEqual(['alice'])
  })

  it('refuses a name bound to another OS user, naming the rule and the fix', () => {
    const other = `${ME.username}-not`
    const { approve } = setup(policy(`${rule()}identities:\n  carol: { os_user: ${other} }\n`))
    const err = refusal(() => approve('carol'))
    expect(err.category).toBe('safety')
    expect(err.message).toMatch(
      new RegExp(
        `carol is bound to OS user ${other} .*rule two-people-restart.* OS user ${ME.username} \\(uid ${ME.uid}\\)`,
      ),
    )
    expect(err.fix).toMatch(/sudo -u .* --as carol|identities\.carol/)
  })

  it('refuses a keyed name approving without its key, with another key, or with a forged signature', () => {
    const { store, proposal, approve } = setup(policy(rule() + identitiesYaml(Object.values(PEOPLE))))
    expect(refusal(() => approve('alice')).message).toMatch(/alice must sign .*two-people-restart/)
    expect(refusal(() => approve('alice', PEOPLE.bob)).message).toMatch(/not alice's key/)
    const err = refusal(() =>
      recordApproval(
        store,
        {
          proposalId: proposal.id,
          actor: 'alice',
          decision: 'approve',
          comment: null,
          runId: null,
          proof: {
            public_key: PEOPLE.alice.publicKey,
            signature: signClaim(PEOPLE.bob.privateKey, {
              proposal_id: proposal.id,
              content_hash: proposal.content_hash,
              actor: 'alice',
              decision: 'approve',
            }).signature,
          },
        },
        KEY,
      ),
    )
    expect(err.message).toMatch(/signature .*does not verify/)
  })

  it('makes the gate check signatures again: a tampered approval no longer counts', () => {
    const { store, proposal, approve, gate } = setup(policy(rule() + identitiesYaml(Object.values(PEOPLE))))
    approve('alice', PEOPLE.alice)
    approve('bob', PEOPLE.bob)
    store.db.prepare("UPDATE approvals SET actor = 'carol' WHERE actor = 'bob'").run()
    const r = gate()
    expect(r.status).toBe('needs_approval')
    expect(store.proposal(proposal.id).status).toBe('awaiting_approval')
  })

  it('needs N distinct people when a rule names no approvers: anyone may approve', () => {
    const open = policy(rule('approval_ttl: 10m') + identitiesYaml(Object.values(PEOPLE)))
    const unsigned = setup(open)
    unsigned.approve('dave')
    expect(unsigned.approve('erin').status).toBe('awaiting_approval')
    const signed = setup(open)
    signed.approve('alice', PEOPLE.alice)
    expect(signed.approve('carol', PEOPLE.carol).status).toBe('approved')
  })
})

describe('who counts as a distinct person', () => {
  const keyed = policy(rule() + identitiesYaml(Object.values(PEOPLE)))
  const facts = { action: 'restart_member', kind: 'subject', subject: 'etcd', risk: 'medium', tier: 2 } as const
  const p = { id: 'P-9', content_hash: 'c'.repeat(64), policy: evaluatePolicy(keyed, facts) }
  let id = 0
  const row = (actor: string, os_uid: number | null, signer?: TestApprover) => ({
    id: ++id,
    proposal_id: p.id,
    actor,
    decision: 'approve' as const,
    comment: null,
    content_hash: p.content_hash,
    created_at: 0,
    expires_at: null,
    revoked_at: null,
    os_uid,
    os_user: os_uid === null ? null : `user${os_uid}`,
    key_fingerprint: null,
    key_signature: signer
      ? signClaim(signer.privateKey, { proposal_id: p.id, content_hash: p.content_hash, actor, decision: 'approve' })
          .signature
      : null,
  })
  const counted = (...rows: ReturnType<typeof row>[]) => distinctPeople(p, rows).counted

  it('counts different OS users apart, and one OS user once without keys', () => {
    expect(counted(row('dave', 1001), row('erin', 1002))).toEqual(['dave', 'erin'])
    expect(counted(row('dave', 1001), row('erin', 1001))).toEqual(['dave'])
  })

  it('counts different keys apart even on one OS user, and one key once on any', () => {
    expect(counted(row('alice', 1001, PEOPLE.alice), row('bob', 1001, PEOPLE.bob))).toEqual(['alice', 'bob'])
    expect(counted(row('dave', 1001), row('alice', 1001, PEOPLE.alice), row('bob', 1001, PEOPLE.bob))).toEqual([
      'alice',
      'bob',
    ])
    expect(counted(row('erin', 1002), row('alice', 1001, PEOPLE.alice))).toEqual(['erin', 'alice'])
  })

  it('counts rows recorded before identities by name, as before', () => {
    expect(counted(row('dave', null), row('erin', null))).toEqual(['dave', 'erin'])
  })
})
