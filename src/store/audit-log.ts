/**
 * The append-only, hash-chained audit log. Each event's hash is
 * sha256(prev_hash ‖ canonical_json({seq, ts, run_id, actor, type, payload}));
 * payloads are redacted before hashing and stored as their canonical JSON,
 * so any byte changed in any column of any row breaks the chain. Callers
 * prepare events (prepare-event.ts) before their write transaction.
 */
import { canonicalJson, sha256Hex } from '../core/canonical-json.js'
import type { AuditEvent, NewEvent } from '../core/records.js'
import type { Db } from './open-database.js'
import { isPrepared, type PreparedEvent, preparedBody, prepareEvent } from './prepare-event.js'
import { whereClause } from './tx.js'

export { completeEvent, type PreparedEvent, prepareEvent } from './prepare-event.js'

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

/** The newest event each handle appended and has not yet reported (the head anchor's cue). */
const appended = new WeakMap<Db, AuditEvent>()

/**
 * Appends one event. Must run inside the caller's write transaction so the
 * event commits together with the state change it records. Pass a prepared
 * event (prepareEvent, before the transaction) so that redaction and JSON
 * work stay out of the lock; a plain one is prepared here.
 */
export function appendEvent(db: Db, event: NewEvent | PreparedEvent, now: number): AuditEvent {
  const p = isPrepared(event) ? event : prepareEvent(event)
  const last = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get() as
    | { seq: number; hash: string }
    | undefined
  const prevHash = last?.hash ?? GENESIS_HASH
  const seq = (last?.seq ?? 0) + 1
  const hash = sha256Hex(prevHash + preparedBody(p, seq, now))
  db.prepare(
    'INSERT INTO events (seq, ts, run_id, actor, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(seq, now, p.run_id, p.actor, p.type, p.payloadJson, prevHash, hash)
  const e: AuditEvent = {
    seq,
    ts: now,
    run_id: p.run_id,
    actor: p.actor,
    type: p.type,
    payload: p.payload,
    prev_hash: prevHash,
    hash,
  }
  appended.set(db, e)
  return e
}

/** The newest event appended through this handle since the last call (inside the transaction that wrote it). */
export function takeAppended(db: Db): AuditEvent | undefined {
  const e = appended.get(db)
  appended.delete(db)
  return e
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
