import { describe, expect, it } from 'vitest'
import { buildHistory, TEST_SECRET } from '../../test/fixtures/audit-history.js'
import { dropAppendOnly } from '../../test/fixtures/sql-dialect.js'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import { anchorPath } from '../config/home.js'
import { enableAnchoring } from '../store/anchor-commit.js'
import { eventHash } from '../store/audit-log.js'
import { anchorKey, signAnchor } from '../store/head-anchor.js'
import { liveLog } from './check-anchor.js'
import { bindingDigest, sealPackage } from './digests.js'
import { exportPackage } from './export-package.js'
import { type AuditPackage, PART_NAMES, type PartsData } from './package-schema.js'
import { verifyPackage } from './verify-package.js'

const secret = { secret: TEST_SECRET, source: 'test' }
const OTHER = '0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d'

function exported() {
  const { store, clock, path, home } = createTempStore()
  const file = anchorPath(path, home)
  enableAnchoring(store.db, { path: file, secret: TEST_SECRET })
  const h = buildHistory(store, clock)
  clock.advance(60_000)
  const pkg = JSON.parse(JSON.stringify(exportPackage(store.db, h.proposalId, clock.now(), file))) as AuditPackage
  return { store, pkg }
}

function partsOf(pkg: AuditPackage): PartsData {
  return Object.fromEntries(PART_NAMES.map((n) => [n, pkg.parts[n].data])) as PartsData
}

const headAnchor = (raw: unknown, o: Parameters<typeof verifyPackage>[1] = { secret }) =>
  verifyPackage(raw, o).checks.find((c) => c.id === 'head_anchor')

describe('the head anchor in an audit package', () => {
  it('is the log’s anchor at export, covering the range, and verifies with the secret', () => {
    const { store, pkg } = exported()
    const head = store.events().at(-1)
    expect(pkg.schema_version).toBe(2)
    expect(pkg.parts.anchor.data).toMatchObject({ seq: head?.seq, hash: head?.hash })
    expect(headAnchor(pkg, { secret, live: liveLog(store.db, 'db') })).toMatchObject({
      status: 'pass',
      reason: expect.stringMatching(/the head at export\) verifies with the secret from test, and db still holds it/),
    })
  })

  it('keeps schema_version 1 packages (no anchor part) verifying', () => {
    const { pkg } = exported()
    const { anchor: _anchor, ...parts } = pkg.parts
    const v1 = { ...pkg, schema_version: 1, parts }
    v1.binding_digest = bindingDigest(v1)
    const report = verifyPackage(v1, { secret })
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.checks.find((c) => c.id === 'schema')?.title).toMatch(/version 1/)
    expect(report.checks.some((c) => c.id === 'digest.anchor')).toBe(false)
    expect(headAnchor(v1)).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/version 1/) })
  })

  it('fails an anchor made with another secret, and one older than the range', () => {
    const { pkg } = exported()
    const data = partsOf(pkg)
    const a = data.anchor
    if (!a) throw new Error('no anchor')
    data.anchor = signAnchor(anchorKey(OTHER), a.seq, a.hash)
    expect(headAnchor(sealPackage(pkg.proposal_id, pkg.exported_at, data))).toMatchObject({
      status: 'fail',
      reason: expect.stringMatching(/^anchor forged or written with another secret/),
    })
    const early = data.chain.events[0]
    if (!early) throw new Error('empty range')
    data.anchor = signAnchor(anchorKey(TEST_SECRET), early.seq, early.hash)
    expect(headAnchor(sealPackage(pkg.proposal_id, pkg.exported_at, data))).toMatchObject({
      status: 'fail',
      reason: expect.stringMatching(/before the range's last event .*does not cover the range/),
    })
  })

  it('catches the range’s last event rewritten and rehashed: its hash no longer is the anchored one', () => {
    const { pkg } = exported()
    const data = partsOf(pkg)
    const last = data.chain.events.at(-1)
    if (last?.kind !== 'event') throw new Error('the range ends without an event')
    // The anchor as it stood when that event committed.
    data.anchor = signAnchor(anchorKey(TEST_SECRET), last.seq, last.hash)
    const real = last.hash
    last.payload.note = 'rewritten'
    last.hash = eventHash(last.prev_hash, last)
    const report = verifyPackage(sealPackage(pkg.proposal_id, pkg.exported_at, data), { secret })
    expect(report.checks.find((c) => c.id === 'chain_continuity')?.status).toBe('pass')
    expect(report.checks.find((c) => c.id === 'head_anchor')).toMatchObject({
      status: 'fail',
      reason: `seq ${last.seq} has hash ${last.hash} in the range, the anchor names ${real}`,
    })
  })

  it('fails when the live log was cut off after the export', () => {
    const { store, pkg } = exported()
    const a = pkg.parts.anchor.data
    if (!a) throw new Error('no anchor')
    dropAppendOnly(store.db)
    store.db.prepare('DELETE FROM events WHERE seq >= ?').run(a.seq)
    expect(headAnchor(pkg, { secret, live: liveLog(store.db, 'db') })).toMatchObject({
      status: 'fail',
      reason: expect.stringMatching(`db has no seq ${a.seq}: the log was cut off after the export`),
    })
  })
})
