/**
 * The append-only, hash-chained audit log. Each event's hash is
 * sha256(prev_hash ‖ canonical_json({seq, ts, run_id, actor, type, payload}));
 * payloads are redacted before hashing and stored as their canonical JSON,
 * so any byte changed in any column of any row breaks the chain.
 */
import { canonicalJson, sha256Hex } from '../core/canonical-json.js'
import type { AuditEvent, NewEvent } from '../core/records.js'
import { redact } from '../core/redact.js'
import type { Db } from './open-database.js'
import { whereClause } from './tx.js'

export const GENESIS_HASH = '0'.repeat(64)

/** An events row as stored (payload as its canonical JSON text). */
export interface EventRow {
  seq: number
  ts: number
  run_id: string | null
  actor: string
  type: string
  payload: string
  prev_hash: string
  hash: string
}

export function eventHash(prevHash: string, e: Omit<AuditEvent, 'prev_hash' | 'hash'>): string {
  const body = canonicalJson({
    seq: e.seq,
    ts: e.ts,
    run_id: e.run_id,
    actor: e.actor,
    type: e.type,
    payload: e.payload,
  })
  return sha256Hex(prevHash + body)
}

/**
 * Appends one event. Must run inside the caller's write transaction so the
 * event commits together with the state change it records.
 */
export function appendEvent(db: Db, event: NewEvent, now: number): AuditEvent {
  const last = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get() as
    | { seq: number; hash: string }
    | undefined
  const prevHash = last?.hash ?? GENESIS_HASH
  const seq = (last?.seq ?? 0) + 1
  const payload = redact(event.payload)
  const body = { seq, ts: now, run_id: event.run_id, actor: event.actor, type: event.type, payload }
  const hash = eventHash(prevHash, body)
  db.prepare(
    'INSERT INTO events (seq, ts, run_id, actor, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(seq, now, event.run_id, event.actor, event.type, canonicalJson(payload), prevHash, hash)
  return { ...body, prev_hash: prevHash, hash }
}

export interface EventQuery {
  afterSeq?: number
  types?: readonly string[]
  sinceTs?: number
  runId?: string
  limit?: number
}

export function listEvents(db: Db, q: EventQuery = {}): AuditEvent[] {
  const where = whereClause({
    equals: { run_id: q.runId },
    min: { ts: q.sinceTs, seq: q.afterSeq === undefined ? undefined : q.afterSeq + 1 },
    within: { type: q.types },
  })
  const rows = db
    .prepare(`SELECT * FROM events ${where.sql} ORDER BY seq LIMIT ?`)
    .all(...where.args, q.limit ?? 1_000_000) as EventRow[]
  return rows.map(toEvent)
}

function toEvent(row: EventRow): AuditEvent {
  return { ...row, payload: JSON.parse(row.payload) as Record<string, unknown> }
}

export type ChainReport =
  | { ok: true; events: number; head_hash: string }
  | { ok: false; events: number; broken_seq: number; reason: string }

/** Walks the whole chain in order and names the first broken link. */
export function verifyChain(db: Db): ChainReport {
  let prevHash = GENESIS_HASH
  let expectedSeq = 1
  let count = 0
  const rows = db.prepare('SELECT * FROM events ORDER BY seq').iterate() as IterableIterator<EventRow>
  for (const row of rows) {
    count++
    const broken = (reason: string): ChainReport => ({ ok: false, events: count, broken_seq: row.seq, reason })
    if (row.seq !== expectedSeq) return broken(`expected seq ${expectedSeq}, found ${row.seq}`)
    if (row.prev_hash !== prevHash) return broken('prev_hash does not match the previous event’s hash')
    let payload: Record<string, unknown>
    try {
      payload = JSON.parse(row.payload) as Record<string, unknown>
    } catch {
      return broken('payload is not valid JSON')
    }
    if (canonicalJson(payload) !== row.payload) return broken('payload is not in canonical form')
    const hash = eventHash(prevHash, { ...row, payload })
    if (hash !== row.hash) return broken('hash does not match the event’s contents')
    prevHash = row.hash
    expectedSeq++
  }
  return { ok: true, events: count, head_hash: prevHash }
}
