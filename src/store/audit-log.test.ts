import { describe, expect, it } from 'vitest'
import { dropAppendOnly } from '../../test/fixtures/sql-dialect.js'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import { REDACTED } from '../core/redact.js'

function seedEvents(n: number) {
  const { store, clock } = createTempStore()
  for (let i = 0; i < n; i++) {
    clock.advance(7)
    store.append({
      run_id: i % 2 ? 'run-a' : null,
      actor: `actor-${i}`,
      type: 'test.event',
      payload: { i, nested: { list: [i, 'x'] } },
    })
  }
  // Tampering needs the append-only guard out of the way, as an attacker with file access would do.
  dropAppendOnly(store.db)
  return store
}

const TAMPERS: Record<string, (seq: number) => string> = {
  seq: (seq) => `UPDATE events SET seq = seq + 1000 WHERE seq = ${seq}`,
  ts: (seq) => `UPDATE events SET ts = ts + 1 WHERE seq = ${seq}`,
  run_id: (seq) => `UPDATE events SET run_id = 'forged' WHERE seq = ${seq}`,
  actor: (seq) => `UPDATE events SET actor = 'mallory' WHERE seq = ${seq}`,
  type: (seq) => `UPDATE events SET type = 'test.other' WHERE seq = ${seq}`,
  payload: (seq) => `UPDATE events SET payload = replace(payload, '"x"', '"y"') WHERE seq = ${seq}`,
  payload_whitespace: (seq) => `UPDATE events SET payload = ' ' || payload WHERE seq = ${seq}`,
  prev_hash: (seq) => `UPDATE events SET prev_hash = '${'f'.repeat(64)}' WHERE seq = ${seq}`,
  hash: (seq) => `UPDATE events SET hash = '${'e'.repeat(64)}' WHERE seq = ${seq}`,
}

describe('hash-chained audit log', () => {
  it('verifies an untouched chain and reports its head', () => {
    const store = seedEvents(5)
    const report = store.verifyChain()
    expect(report).toMatchObject({ ok: true, events: 5 })
    expect(report.ok && report.head_hash).toBe(store.events().at(-1)?.hash)
  })

  it('refuses updates and deletes through the append-only triggers', () => {
    const { store } = createTempStore()
    store.append({ run_id: null, actor: 'a', type: 't', payload: {} })
    expect(() => store.db.exec("UPDATE events SET actor = 'b'")).toThrow(/append-only/)
    expect(() => store.db.exec('DELETE FROM events')).toThrow(/append-only/)
  })

  for (const [column, tamper] of Object.entries(TAMPERS)) {
    it(`detects tampering with ${column} in any row and names that seq`, () => {
      for (const seq of [1, 3, 5]) {
        const store = seedEvents(5)
        store.db.exec(tamper(seq))
        const report = store.verifyChain()
        expect(report.ok, `${column} at seq ${seq}`).toBe(false)
        if (!report.ok) {
          // Changing the hash of the last row is seen at that row; elsewhere at the row or its successor.
          expect([seq, seq + 1]).toContain(report.broken_seq > 1000 ? report.broken_seq - 1000 : report.broken_seq)
        }
      }
    })
  }

  it('detects a deleted row and a row inserted with a forged hash', () => {
    const store = seedEvents(4)
    store.db.exec('DELETE FROM events WHERE seq = 2')
    expect(store.verifyChain()).toMatchObject({ ok: false, broken_seq: 3 })
    const other = seedEvents(2)
    other.db.exec(
      `INSERT INTO events (seq, ts, run_id, actor, type, payload, prev_hash, hash) VALUES (3, 1, NULL, 'x', 't', '{}', '${'a'.repeat(64)}', '${'b'.repeat(64)}')`,
    )
    expect(other.verifyChain()).toMatchObject({ ok: false, broken_seq: 3 })
  })

  it('refuses a fork: two events cannot share a prev_hash', () => {
    const store = seedEvents(2)
    const first = store.events()[0]
    expect(() =>
      store.db
        .prepare(
          'INSERT INTO events (seq, ts, run_id, actor, type, payload, prev_hash, hash) VALUES (99, 1, NULL, ?, ?, ?, ?, ?)',
        )
        .run('x', 't', '{}', first?.prev_hash, 'c'.repeat(64)),
    ).toThrow(/UNIQUE|unique/)
  })

  it('redacts secrets before hashing and writing', () => {
    const { store } = createTempStore()
    const e = store.append({
      run_id: null,
      actor: 'a',
      type: 't',
      payload: { password: 'hunter2', note: 'Authorization: Bearer abcdefghijklmnop' },
    })
    expect(e.payload.password).toBe(REDACTED)
    const raw = store.db.prepare('SELECT payload FROM events').get() as { payload: string }
    expect(raw.payload).not.toContain('hunter2')
    expect(raw.payload).not.toContain('abcdefghijklmnop')
    expect(store.verifyChain().ok).toBe(true)
  })
})
