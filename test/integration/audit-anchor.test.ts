/**
 * The audit log's head anchor through the real CLI: every command that
 * appends events moves `$OPERATOR_HOME/audit.head`; `operator audit verify`
 * fails with exit 10 and one line when the newest events are cut off, when
 * the last event is rewritten and rehashed, when the anchor is forged or
 * deleted. An older valid anchor put back is what an HMAC alone cannot see.
 */
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../../src/core/canonical-json.js'
import { eventHash } from '../../src/store/audit-log.js'
import { anchorKey, anchorText, signAnchor } from '../../src/store/head-anchor.js'
import { createOperatorEnv, type OperatorEnv } from '../fixtures/operator-env.js'

const OTHER_SECRET = '3e8b0f5a2c7d9d2c7b4e1f8a3c6d0b5e2f7a4c9d1e6b3f8a0c5d2e7b4f9a1c6d'

interface Verify {
  ok: boolean
  events: number
  anchor: { ok: boolean; status: string; seq: number | null; hash: string | null; log_seq: number; unanchored: number }
}

/** Appends one mode.changed event per command, through the real CLI (and its anchor). */
async function writeEvents(op: OperatorEnv, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const r = await op.cli(['mode', i % 2 ? 'observe' : 'execute'])
    expect(r.exitCode, r.stderr).toBe(0)
  }
}

async function verify(op: OperatorEnv): Promise<{ exitCode: number | undefined; json: Verify; text: string }> {
  const json = await op.cli(['audit', 'verify', '--json'])
  const text = await op.cli(['audit', 'verify'])
  expect(text.exitCode).toBe(json.exitCode)
  return { exitCode: json.exitCode, json: JSON.parse(json.stdout) as Verify, text: text.stdout.trim() }
}

/** The database as someone with write access to the file sees it: the append-only triggers dropped. */
function tamper(op: OperatorEnv, sql: (db: Database.Database) => void): void {
  const db = new Database(join(op.home, 'operator.db'))
  db.exec('DROP TRIGGER IF EXISTS events_append_only_update; DROP TRIGGER IF EXISTS events_append_only_delete')
  sql(db)
  db.close()
}

describe('operator audit verify and the head anchor', () => {
  it('anchors what the CLI writes, and names the cut when the newest events are deleted', async () => {
    const op = createOperatorEnv()
    await writeEvents(op, 5)
    const file = join(op.home, 'audit.head')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const good = await verify(op)
    expect(good.exitCode).toBe(0)
    expect(good.json.anchor).toMatchObject({ ok: true, status: 'anchored', seq: good.json.events, unanchored: 0 })
    expect(good.text).toMatch(/^audit chain intact: \d+ events, head [0-9a-f]{64}; anchored at seq \d+$/)

    const { seq, hash } = good.json.anchor
    tamper(op, (db) => db.prepare('DELETE FROM events WHERE seq > ?').run((seq ?? 0) - 2))
    const cut = await verify(op)
    expect(cut.exitCode).toBe(10)
    expect(cut.text).toBe(
      `audit chain BROKEN: truncated after seq ${(seq ?? 0) - 2}: the anchor names seq ${seq} (hash ${hash})`,
    )
    expect(cut.json).toMatchObject({ ok: false, anchor: { ok: false, status: 'truncated', seq } })

    // Later commits neither hide the cut nor move the anchor.
    await writeEvents(op, 3)
    expect(readFileSync(file, 'utf8')).toContain(`"seq":${seq},`)
    expect((await verify(op)).json.anchor).toMatchObject({ ok: false, status: 'rewritten', seq })
  })

  it('fails when the last event is rewritten and rehashed, though the chain walk passes', async () => {
    const op = createOperatorEnv()
    await writeEvents(op, 3)
    tamper(op, (db) => {
      const last = db.prepare('SELECT * FROM events ORDER BY seq DESC LIMIT 1').get() as {
        seq: number
        ts: number
        run_id: string | null
        actor: string
        type: string
        payload: string
        prev_hash: string
      }
      const payload = { ...(JSON.parse(last.payload) as Record<string, unknown>), reason: 'nothing to see' }
      const hash = eventHash(last.prev_hash, { ...last, payload })
      db.prepare('UPDATE events SET payload = ?, hash = ? WHERE seq = ?').run(canonicalJson(payload), hash, last.seq)
    })
    const r = await verify(op)
    expect(r.exitCode).toBe(10)
    expect(r.json).toMatchObject({ ok: false, head_hash: expect.any(String), anchor: { status: 'rewritten' } })
    expect(r.text).toMatch(/^audit chain BROKEN: seq \d+ has hash [0-9a-f]{64} in the log, the anchor names/)
  })

  it('fails an anchor made with another secret; an older valid anchor put back is the limit of an HMAC', async () => {
    const op = createOperatorEnv()
    await writeEvents(op, 2)
    const file = join(op.home, 'audit.head')
    const older = readFileSync(file, 'utf8')
    const olderSeq = (JSON.parse(older) as { seq: number }).seq
    await writeEvents(op, 2)
    const head = (await verify(op)).json.anchor
    writeFileSync(file, anchorText(signAnchor(anchorKey(OTHER_SECRET), head.seq ?? 0, head.hash ?? '')))
    const forged = await verify(op)
    expect(forged.exitCode).toBe(10)
    expect(forged.text).toMatch(/^audit chain BROKEN: anchor forged or written with another secret/)

    // Put back, an older anchor of this log verifies: the newer events show only as not anchored…
    writeFileSync(file, older)
    const stale = await verify(op)
    expect(stale.exitCode).toBe(0)
    expect(stale.json.anchor).toMatchObject({ status: 'anchored', seq: olderSeq, unanchored: 2 })
    expect(stale.text).toMatch(/2 newer event\(s\) not anchored/)
    // …and with the log cut back to it as well, nothing local can tell (README, threat model).
    tamper(op, (db) => db.prepare('DELETE FROM events WHERE seq > ?').run(olderSeq))
    expect((await verify(op)).exitCode).toBe(0)
  })

  it('fails on a deleted anchor once anchoring started, warns on a log never anchored, and reanchor recovers', async () => {
    const op = createOperatorEnv()
    const plain = op.store()
    plain.append({ run_id: null, actor: 'test', type: 'test.event', payload: {} })
    const never = await verify(op)
    expect(never.exitCode).toBe(0)
    expect(never.json.anchor).toMatchObject({ ok: true, status: 'unanchored' })
    expect(never.text.split('\n')[1]).toMatch(/^warning: no anchor at .*audit.head: events cut off the end/)

    await writeEvents(op, 2)
    rmSync(join(op.home, 'audit.head'))
    const missing = await verify(op)
    expect(missing.exitCode).toBe(10)
    expect(missing.text).toMatch(
      /^audit chain BROKEN: the anchor .*audit.head is missing, but the log has been anchored since seq 3: it was deleted/,
    )
    await writeEvents(op, 1)
    expect((await verify(op)).json.anchor.status).toBe('missing')

    const reset = await op.cli(['audit', 'reanchor', '--as', 'alice', '--reason', 'deleted by mistake; log checked'])
    expect(reset.exitCode, reset.stderr).toBe(0)
    expect(reset.stdout).toMatch(/^anchored at seq \d+ .*recorded as audit.reanchored/)
    expect((await verify(op)).exitCode).toBe(0)
  })
})
