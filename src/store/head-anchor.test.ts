import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TEST_SECRET } from '../../test/fixtures/audit-history.js'
import { dropAppendOnly } from '../../test/fixtures/sql-dialect.js'
import { createTempStore, tempDir } from '../../test/fixtures/temp-store.js'
import { anchorPath } from '../config/home.js'
import { ANCHOR_STARTED, enableAnchoring, reanchor } from './anchor-commit.js'
import { appendEvent, eventHash } from './audit-log.js'
import { anchorKey, anchorText, readAnchorFile, signAnchor } from './head-anchor.js'
import { writeTx } from './tx.js'
import { checkHead } from './verify-head.js'

const OTHER_SECRET = '3e8b0f5a2c7d9d2c7b4e1f8a3c6d0b5e2f7a4c9d1e6b3f8a0c5d2e7b4f9a1c6d'
const key = { secret: TEST_SECRET }

function anchored(n: number) {
  const t = createTempStore()
  const file = anchorPath(t.path, t.home)
  enableAnchoring(t.store.db, { path: file, secret: TEST_SECRET })
  for (let i = 0; i < n; i++) t.store.append({ run_id: null, actor: 'a', type: 'test.event', payload: { i } })
  const anchor = () => {
    const f = readAnchorFile(file)
    if (f.state !== 'present') throw new Error(`anchor ${f.state}`)
    return f.anchor
  }
  return { ...t, file, anchor }
}

describe('the head anchor', () => {
  it('lives beside the database: audit.head next to operator.db, else <db>.head', () => {
    expect(anchorPath('/h/operator.db', '/h')).toBe('/h/audit.head')
    expect(anchorPath('/data/ops.sqlite', '/h')).toBe('/data/ops.sqlite.head')
  })

  it('follows every commit that appends, starting with an anchor_started event, mode 0600', async () => {
    const { store, file, anchor } = anchored(3)
    const events = store.events()
    expect(events.map((e) => e.type)).toEqual(['test.event', ANCHOR_STARTED, 'test.event', 'test.event'])
    expect(anchor()).toMatchObject({ seq: 4, hash: events[3]?.hash })
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(await checkHead(store.db, file, key)).toMatchObject({ ok: true, status: 'anchored', seq: 4 })
  })

  it('never moves backwards, and two handles on one database keep it at the newest head', () => {
    const t = anchored(2)
    const other = t.open()
    enableAnchoring(other.db, { path: t.file, secret: TEST_SECRET })
    other.append({ run_id: null, actor: 'b', type: 'test.event', payload: {} })
    t.store.append({ run_id: null, actor: 'a', type: 'test.event', payload: {} })
    expect(t.anchor().seq).toBe(5)
    writeFileSync(t.file, anchorText(signAnchor(anchorKey(TEST_SECRET), 9, 'f'.repeat(64))))
    t.store.append({ run_id: null, actor: 'a', type: 'test.event', payload: {} })
    expect(t.anchor().seq).toBe(9)
  })

  it('names the cut when the newest events are deleted, and keeps naming it as the log grows again', async () => {
    const { store, file, anchor } = anchored(6)
    const before = anchor()
    dropAppendOnly(store.db)
    store.db.exec('DELETE FROM events WHERE seq > 4')
    const report = await checkHead(store.db, file, key, 0)
    expect(report).toMatchObject({ ok: false, status: 'truncated', log_seq: 4, seq: 7 })
    expect(report.message).toBe(`truncated after seq 4: the anchor names seq 7 (hash ${before.hash})`)
    for (let i = 0; i < 5; i++) store.append({ run_id: null, actor: 'a', type: 'test.event', payload: { again: i } })
    expect(anchor()).toEqual(before)
    expect(await checkHead(store.db, file, key, 0)).toMatchObject({ ok: false, status: 'rewritten', seq: 7 })
  })

  it('fails when the last event is rewritten and rehashed so that the chain itself still verifies', async () => {
    const { store, file } = anchored(3)
    dropAppendOnly(store.db)
    const last = store.events().at(-1)
    if (!last) throw new Error('no events')
    const forged = { ...last, payload: { i: 99 } }
    const hash = eventHash(last.prev_hash, forged)
    store.db.prepare('UPDATE events SET payload = ?, hash = ? WHERE seq = ?').run('{"i":99}', hash, last.seq)
    expect(store.verifyChain().ok).toBe(true)
    expect(await checkHead(store.db, file, key)).toMatchObject({ ok: false, status: 'rewritten', seq: last.seq })
  })

  it('calls an anchor made with another secret forged, and a writer leaves it as evidence', async () => {
    const { store, file, anchor } = anchored(2)
    const head = anchor()
    const fake = signAnchor(anchorKey(OTHER_SECRET), head.seq, head.hash)
    writeFileSync(file, anchorText(fake))
    expect(await checkHead(store.db, file, key)).toMatchObject({
      ok: false,
      status: 'forged',
      message: expect.stringMatching(/^anchor forged or written with another secret/),
    })
    store.append({ run_id: null, actor: 'a', type: 'test.event', payload: {} })
    expect(anchor()).toEqual(fake)
    expect(await checkHead(store.db, file, { secret: null, problem: 'no secret' })).toMatchObject({
      ok: false,
      status: 'unkeyed',
    })
  })

  it('cannot tell an older valid anchor put back from a log cut to that point (the threat model’s limit)', async () => {
    const { store, file, anchor } = anchored(3)
    const older = readFileSync(file, 'utf8')
    const olderSeq = anchor().seq
    for (let i = 0; i < 3; i++) store.append({ run_id: null, actor: 'a', type: 'test.event', payload: { later: i } })
    writeFileSync(file, older)
    expect(await checkHead(store.db, file, key)).toMatchObject({ ok: true, status: 'anchored', unanchored: 3 })
    dropAppendOnly(store.db)
    store.db.prepare('DELETE FROM events WHERE seq > ?').run(olderSeq)
    expect(await checkHead(store.db, file, key)).toMatchObject({ ok: true, status: 'anchored', unanchored: 0 })
  })

  it('fails on a deleted anchor once anchoring started, and warns on a log that never had one', async () => {
    const { store, file } = anchored(2)
    rmSync(file)
    expect(await checkHead(store.db, file, key)).toMatchObject({ ok: false, status: 'missing' })
    store.append({ run_id: null, actor: 'a', type: 'test.event', payload: {} })
    expect(existsSync(file)).toBe(false)
    const plain = createTempStore()
    plain.store.append({ run_id: null, actor: 'a', type: 'test.event', payload: {} })
    const none = join(tempDir(), 'audit.head')
    expect(await checkHead(plain.store.db, none, key)).toMatchObject({ ok: true, status: 'unanchored' })
  })

  it('is reset by a person with reanchor, which records what it found', async () => {
    const { store, file, clock } = anchored(2)
    writeFileSync(file, 'garbage')
    expect(await checkHead(store.db, file, key)).toMatchObject({ ok: false, status: 'unreadable' })
    const a = reanchor(store.db, { path: file, secret: TEST_SECRET }, 'alice', 'checked the backup', clock.now())
    expect(store.events().at(-1)).toMatchObject({
      type: 'audit.reanchored',
      actor: 'alice',
      payload: { reason: 'checked the backup', found: 'unreadable', previous: null },
    })
    expect(await checkHead(store.db, file, key)).toMatchObject({ ok: true, status: 'anchored', seq: a.seq })
  })

  it('is put back when the COMMIT of the transaction that moved it fails', () => {
    const { store, anchor } = anchored(1)
    const before = anchor()
    // A deferred foreign key is checked at COMMIT: the one failure that comes after the anchor was written.
    store.db.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
      CREATE TABLE child (p INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)`)
    const failing = () =>
      writeTx(store.db, () => {
        appendEvent(store.db, { run_id: null, actor: 'a', type: 'x', payload: {} }, 5)
        store.db.exec('INSERT INTO child VALUES (42)')
      })
    expect(failing).toThrow(/FOREIGN KEY|foreign key/)
    expect(store.events()).toHaveLength(2)
    expect(anchor()).toEqual(before)
  })
})
