import { describe, expect, it } from 'vitest'
import { buildHistory, TEST_POLICY } from '../../test/fixtures/audit-history.js'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import { contentHash } from '../core/canonical-json.js'
import { GENESIS_HASH } from '../store/audit-log.js'
import { bindingDigest, partDigest } from './digests.js'
import { exportPackage } from './export-package.js'
import { AuditPackage, PART_NAMES } from './package-schema.js'

function exported() {
  const { store, clock } = createTempStore()
  const h = buildHistory(store, clock)
  clock.advance(60_000)
  return { store, clock, h, pkg: exportPackage(store.db, h.proposalId, clock.now()) }
}

describe('audit package export', () => {
  it('binds the request, policy, approvals, token, execution and verification of the proposal', () => {
    const { pkg, h } = exported()
    expect(AuditPackage.safeParse(pkg).success).toBe(true)
    const { request, policy, approvals, token, execution, verification } = pkg.parts
    expect(request.data).toMatchObject({
      proposal_id: h.proposalId,
      action: 'restart_member',
      params: { member: 'm2', grace_s: 5 },
      content_hash: contentHash('restart_member', { member: 'm2', grace_s: 5 }),
    })
    expect(request.data.ticket).toMatchObject({ invariant: 'members_healthy', target: 'm2' })
    expect(policy.data).toEqual(TEST_POLICY)
    expect(approvals.data.reference).toBe('execution_started')
    expect(approvals.data.approvals.map((a) => [a.actor, a.revoked, a.expired, a.bound_to_request])).toEqual([
      ['carol', true, false, true],
      ['alice', false, false, true],
      ['bob', false, false, true],
    ])
    expect(token.data.used_token_id).toBe(h.tokenId)
    expect(token.data.tokens[0]?.signature).toMatch(/^[0-9a-f]{64}$/)
    expect(execution.data).toMatchObject({
      proposal_status: 'verified',
      started: { by: 'agent-1', token_id: h.tokenId, approvers: ['alice', 'bob'] },
      outcome: { status: 'executed' },
      result: { status: 'ok' },
    })
    expect(verification.data.outcome).toMatchObject({
      status: 'verified',
      reason: 'steady state back',
      details: { checks: ['members_healthy', 'leader_elected'] },
    })
  })

  it('covers the chain from the first to the last event about the proposal, others as bare links', () => {
    const { pkg, store, h } = exported()
    const chain = pkg.parts.chain.data
    const all = store.events()
    const about = all.filter((e) => e.payload.proposal_id === h.proposalId)
    expect(chain.first_seq).toBe(about[0]?.seq)
    expect(chain.last_seq).toBe(about.at(-1)?.seq)
    expect(chain.events.filter((e) => e.kind === 'event').map((e) => e.seq)).toEqual(about.map((e) => e.seq))
    expect(chain.events.some((e) => e.kind === 'link')).toBe(true)
    expect(chain.events.filter((e) => e.kind === 'link').every((e) => !('payload' in e))).toBe(true)
    expect(chain.before_hash).toBe(all.find((e) => e.seq === chain.first_seq - 1)?.hash ?? GENESIS_HASH)
    expect(chain.head_hash).toBe(all.at(-1)?.hash)
    expect(chain.head_seq).toBeGreaterThan(chain.last_seq)
  })

  it('seals every part with the digest of its canonical JSON and the whole with the binding digest', () => {
    const { pkg } = exported()
    for (const name of PART_NAMES) expect(pkg.parts[name].digest).toBe(partDigest(pkg.parts[name].data))
    expect(pkg.binding_digest).toBe(bindingDigest(pkg))
    const reparsed = JSON.parse(JSON.stringify(pkg)) as typeof pkg
    expect(bindingDigest(reparsed)).toBe(pkg.binding_digest)
  })

  it('judges approvals at export time when the proposal never executed', () => {
    const { store, clock } = createTempStore()
    const h = buildHistory(store, clock, { stopAfterApproval: true })
    clock.advance(3_600_000)
    const pkg = exportPackage(store.db, h.proposalId, clock.now())
    expect(pkg.parts.approvals.data.reference).toBe('exported')
    expect(pkg.parts.approvals.data.approvals.every((a) => a.expired)).toBe(true)
    expect(pkg.parts.token.data).toEqual({ tokens: [], used_token_id: null })
    expect(pkg.parts.execution.data).toMatchObject({ proposal_status: 'approved', started: null, outcome: null })
  })

  it('refuses a proposal that does not exist', () => {
    const { store } = createTempStore()
    expect(() => exportPackage(store.db, 'P-404', 0)).toThrow(/no proposal P-404/)
  })
})
