import { describe, expect, it } from 'vitest'
import { buildHistory, TEST_SECRET } from '../../test/fixtures/audit-history.js'
import { dropAppendOnly } from '../../test/fixtures/sql-dialect.js'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import { anchorPath } from '../config/home.js'
import { canonicalJson, contentHash } from '../core/canonical-json.js'
import { enableAnchoring } from '../store/anchor-commit.js'
import { eventHash } from '../store/audit-log.js'
import { liveLog } from './check-anchor.js'
import { sealPackage } from './digests.js'
import { exportPackage } from './export-package.js'
import { type AuditPackage, PART_NAMES, type PartsData } from './package-schema.js'
import { verifyPackage } from './verify-package.js'

const secret = { secret: TEST_SECRET, source: 'test' }

/** A history written with the head anchor on (as every Operator command with the secret writes), then exported. */
function exportedWithStore() {
  const { store, clock, path, home } = createTempStore()
  const anchor = anchorPath(path, home)
  enableAnchoring(store.db, { path: anchor, secret: TEST_SECRET })
  const h = buildHistory(store, clock)
  clock.advance(60_000)
  return { store, h, anchor, pkg: exportPackage(store.db, h.proposalId, clock.now(), anchor) }
}

function exported(): AuditPackage {
  return exportedWithStore().pkg
}

/** A deep, mutable copy, as a tamperer would edit the file. */
function copy(pkg: AuditPackage): AuditPackage {
  return JSON.parse(JSON.stringify(pkg)) as AuditPackage
}

function failing(raw: unknown, given: typeof secret | null = secret): string[] {
  return verifyPackage(raw, { secret: given })
    .checks.filter((c) => c.status === 'fail')
    .map((c) => c.id)
}

/** Every path to a leaf (string, number, boolean, null) of a JSON value. */
function leafPaths(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leafPaths(x, [...path, i]))
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leafPaths(x, [...path, k]))
  return [path]
}

function parentOf(
  root: unknown,
  path: (string | number)[],
): { parent: Record<string | number, unknown>; key: string | number } {
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], root) as Record<string | number, unknown>
  return { parent, key: path.at(-1) as string | number }
}

function setAt(root: unknown, path: (string | number)[], value: unknown): void {
  const { parent, key } = parentOf(root, path)
  parent[key] = value
}

/** Changes one leaf by the least that changes it: the last character of a string, a number by one, a boolean flipped. */
function mutateAt(root: unknown, path: (string | number)[]): void {
  const { parent, key } = parentOf(root, path)
  const v = parent[key]
  parent[key] =
    typeof v === 'string'
      ? v.length
        ? `${v.slice(0, -1)}${v.endsWith('0') ? '1' : '0'}`
        : 'x'
      : typeof v === 'number'
        ? v + 1
        : typeof v === 'boolean'
          ? !v
          : 'x'
}

describe('audit package verification', () => {
  it('passes every check on an exported package when given the secret and the live log', () => {
    const { store, pkg } = exportedWithStore()
    const report = verifyPackage(copy(pkg), { secret, live: liveLog(store.db, 'the test database') })
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.checks.map((c) => c.id)).toEqual([
      'schema',
      ...PART_NAMES.map((n) => `digest.${n}`),
      'binding_digest',
      'request_hash',
      'token_signature',
      'token_binding',
      'chain_continuity',
      'chain_anchor',
      'head_anchor',
      'log_agreement',
      'approval_count',
    ])
  })

  it('skips the token signature and the anchor with their reasons when given neither secret nor log, and is still ok', () => {
    const report = verifyPackage(exported(), { secret: null })
    expect(report.checks.filter((c) => c.status === 'skipped')).toEqual([
      expect.objectContaining({
        id: 'token_signature',
        reason: expect.stringMatching(/no secret given.*OPERATOR_TOKEN_SECRET.*--secret-file/),
      }),
      expect.objectContaining({ id: 'chain_anchor', reason: expect.stringMatching(/no database given.*--db/) }),
      expect.objectContaining({ id: 'head_anchor', reason: expect.stringMatching(/no secret given/) }),
    ])
    expect(report.ok).toBe(true)
  })

  it('fails the token signature and the head anchor with another secret', () => {
    expect(failing(exported(), { secret: 'another-secret-0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c', source: 'wrong' })).toEqual(
      ['token_signature', 'head_anchor'],
    )
  })

  it.each<[string, (p: AuditPackage) => void, string[]]>([
    [
      'the action',
      (p) => {
        p.parts.request.data.action = 'remove_member'
      },
      ['digest.request', 'binding_digest', 'request_hash', 'log_agreement'],
    ],
    [
      'a param',
      (p) => {
        p.parts.request.data.params.member = 'm1'
      },
      ['digest.request', 'binding_digest', 'request_hash', 'log_agreement'],
    ],
    [
      'an approval actor',
      (p) => {
        setAt(p, ['parts', 'approvals', 'data', 'approvals', 1, 'actor'], 'mallory')
      },
      ['digest.approvals', 'binding_digest', 'log_agreement', 'approval_count'],
    ],
    [
      'the token signature',
      (p) => {
        setAt(p, ['parts', 'token', 'data', 'tokens', 0, 'signature'], 'f'.repeat(64))
      },
      ['digest.token', 'binding_digest', 'token_signature'],
    ],
    [
      'an event payload in the range',
      (p) => {
        const e = p.parts.chain.data.events.find((x) => x.kind === 'event' && x.type === 'approval.recorded')
        if (e?.kind === 'event') e.payload.decision = 'reject'
      },
      ['digest.chain', 'binding_digest', 'chain_continuity', 'log_agreement'],
    ],
    [
      'a part digest',
      (p) => {
        p.parts.policy.digest = '0'.repeat(64)
      },
      ['digest.policy', 'binding_digest'],
    ],
    [
      'the binding digest',
      (p) => {
        p.binding_digest = '0'.repeat(64)
      },
      ['binding_digest'],
    ],
    [
      'the export time',
      (p) => {
        p.exported_at += 1
      },
      ['binding_digest'],
    ],
    [
      'the rule’s minimum',
      (p) => {
        setAt(p, ['parts', 'policy', 'data', 'min_approvals'], 3)
      },
      ['digest.policy', 'binding_digest', 'log_agreement', 'approval_count'],
    ],
    [
      'a revocation mark',
      (p) => {
        setAt(p, ['parts', 'approvals', 'data', 'approvals', 0, 'revoked'], false)
      },
      ['digest.approvals', 'binding_digest', 'approval_count'],
    ],
  ])('detects a change to %s and names it', (_what, tamper, expected) => {
    const pkg = copy(exported())
    tamper(pkg)
    expect(failing(pkg)).toEqual(expected)
  })

  it('detects a change to any leaf of the package, naming the part it is in', () => {
    const pkg = exported()
    const paths = leafPaths(pkg)
    expect(paths.length).toBeGreaterThan(100)
    for (const path of paths) {
      const tampered = copy(pkg)
      mutateAt(tampered, path)
      const failed = failing(tampered)
      const where = path[0] === 'parts' ? `digest.${String(path[1])}` : 'binding_digest'
      expect(failed, path.join('.')).toContain(where)
      expect(failed, path.join('.')).toContain('binding_digest')
    }
  })

  it('catches a package rewritten and resealed with fresh digests by the token and the log', () => {
    const pkg = copy(exported())
    const data = Object.fromEntries(PART_NAMES.map((n) => [n, pkg.parts[n].data])) as PartsData
    data.request.params = { member: 'm1', grace_s: 5 }
    data.request.content_hash = contentHash(data.request.action, data.request.params)
    for (const t of data.token.tokens) t.content_hash = data.request.content_hash
    for (const a of data.approvals.approvals) a.content_hash = data.request.content_hash
    const resealed = sealPackage(pkg.proposal_id, pkg.exported_at, data)
    expect(failing(resealed)).toEqual(['token_signature', 'log_agreement'])
  })

  it('catches a full forgery (request, its event, the rehashed range, fresh digests) by the token signature and the live log only', () => {
    const { store, pkg: original } = exportedWithStore()
    const pkg = copy(original)
    const data = Object.fromEntries(PART_NAMES.map((n) => [n, pkg.parts[n].data])) as PartsData
    const forged = { member: 'm1', grace_s: 5 }
    const hash = contentHash('restart_member', forged)
    data.request.params = forged
    data.request.content_hash = hash
    for (const t of data.token.tokens) t.content_hash = hash
    for (const a of data.approvals.approvals) a.content_hash = hash
    let prev = data.chain.before_hash
    for (const e of data.chain.events) {
      e.prev_hash = prev
      if (e.kind === 'event') {
        if (e.type === 'proposal.proposed') e.payload.params = forged
        if ('content_hash' in e.payload) e.payload.content_hash = hash
        e.hash = eventHash(prev, e)
      }
      prev = e.hash
    }
    const resealed = sealPackage(pkg.proposal_id, pkg.exported_at, data)
    // Offline, only the HMAC (which needs the secret) still binds the content hash; the live log anchors the range.
    expect(failing(resealed)).toEqual(['token_signature'])
    expect(failing(resealed, null)).toEqual([])
    const anchored = verifyPackage(resealed, { secret: null, live: liveLog(store.db, 'db') })
    expect(anchored.checks.filter((c) => c.status === 'fail')).toEqual([
      expect.objectContaining({ id: 'chain_anchor', reason: expect.stringMatching(/differ from the live log/) }),
    ])
  })

  it('detects a tampered row in the log: audit verify names it, and so do the chain checks of a package', () => {
    const { store, h, pkg: before } = exportedWithStore()
    const row = store.events().find((e) => e.type === 'approval.recorded' && e.actor === 'alice')
    if (!row) throw new Error('fixture has no approval by alice')
    dropAppendOnly(store.db)
    store.db
      .prepare('UPDATE events SET payload = ? WHERE seq = ?')
      .run(canonicalJson({ ...row.payload, comment: 'rubber stamp' }), row.seq)
    const chain = store.verifyChain()
    expect(chain).toMatchObject({ ok: false, broken_seq: row.seq })

    const after = exportPackage(store.db, h.proposalId, store.clock.now())
    const report = verifyPackage(after, { secret })
    expect(report.checks.find((c) => c.id === 'chain_continuity')).toMatchObject({
      status: 'fail',
      reason: expect.stringContaining(`seq ${row.seq} (approval.recorded): hash does not match`),
    })
    const earlier = verifyPackage(before, { secret, live: liveLog(store.db, 'db') })
    expect(earlier.checks.find((c) => c.id === 'chain_anchor')).toMatchObject({
      status: 'fail',
      reason: expect.stringContaining(`broken at seq ${row.seq}`),
    })
  })

  it('reports every check on a document that is not a package, without stopping at the first', () => {
    const report = verifyPackage({ hello: 'world' }, { secret })
    expect(report.ok).toBe(false)
    expect(report.checks).toHaveLength(18)
    expect(report.checks.find((c) => c.id === 'schema')?.reason).toMatch(/schema_version/)
  })

  it('fails an execution without a consumed token', () => {
    const pkg = copy(exported())
    const data = Object.fromEntries(PART_NAMES.map((n) => [n, pkg.parts[n].data])) as PartsData
    data.token = { tokens: [], used_token_id: null }
    const resealed = sealPackage(pkg.proposal_id, pkg.exported_at, data)
    const report = verifyPackage(resealed, { secret })
    expect(report.checks.find((c) => c.id === 'token_binding')).toMatchObject({
      status: 'fail',
      reason: expect.stringMatching(/without a consumed execution token/),
    })
    expect(report.checks.find((c) => c.id === 'log_agreement')?.reason).toMatch(
      /token tok-0123456789abcdef .* leaves out/,
    )
  })
})
