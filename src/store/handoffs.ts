/**
 * Session handoffs: what a session (an agent driving Operator through its
 * contract, or the model brain at the end of a ticket) leaves for the next
 * one, stored as `session.handoff` audit events: redacted before hashing and
 * chained like every event. The handoff id is allocated inside the write
 * transaction, so two sessions never get the same one.
 */
import { z } from 'zod'
import type { AuditEvent } from '../core/records.js'
import { appendEvent, completeEvent, type EventRow, prepareEvent } from './audit-log.js'
import type { Db } from './open-database.js'
import { writeTx } from './tx.js'

export const HANDOFF_EVENT = 'session.handoff'

/** A handoff as recorded (its payload), with the event's seq and time. */
export const HandoffRecord = z
  .object({
    handoff_id: z.string(),
    seq: z.number().int(),
    ts: z.number(),
    by: z.string(),
    summary: z.string(),
    tasks: z.array(z.string()),
    risks: z.array(z.string()),
    unknowns: z.array(z.string()),
    /** The state digest the handoff is bound to: the boot it was written from. */
    digest: z.string(),
    /** The state digest when it was recorded. */
    digest_now: z.string(),
    /** The two differ: the state moved since that boot. */
    drift: z.boolean(),
    /** The policy in force for the writer (null: the writer could not see it, as the model brain). */
    policy_digest: z.string().nullable(),
  })
  .strict()
export type HandoffRecord = z.infer<typeof HandoffRecord>

export type NewHandoff = Omit<HandoffRecord, 'handoff_id' | 'seq' | 'ts' | 'drift'> & { run_id?: string | null }

/** Records a handoff; drift is whether `digest` differs from `digest_now`. Returns it as stored (redacted). */
export function appendHandoff(db: Db, h: NewHandoff, now: number): HandoffRecord {
  const { run_id = null, ...fields } = h
  const prepared = prepareEvent({
    run_id,
    actor: h.by,
    type: HANDOFF_EVENT,
    payload: { ...fields, drift: h.digest !== h.digest_now },
  })
  const event = writeTx(db, () => {
    const row = db.prepare('SELECT COUNT(*) AS n FROM events WHERE type = ?').get(HANDOFF_EVENT) as { n: number }
    return appendEvent(db, completeEvent(prepared, { handoff_id: `H-${row.n + 1}` }), now)
  })
  return toHandoff(event)
}

/** The newest handoffs, newest first. */
export function listHandoffs(db: Db, limit = 20): HandoffRecord[] {
  return newestEvents(db, { types: [HANDOFF_EVENT], limit })
    .reverse()
    .map(toHandoff)
}

/** The newest `limit` events (of `types`, when given), oldest of them first. */
export function newestEvents(db: Db, q: { types?: readonly string[]; limit: number }): AuditEvent[] {
  const types = q.types ?? []
  const where = types.length ? `WHERE type IN (${types.map(() => '?').join(', ')})` : ''
  const rows = db
    .prepare(`SELECT * FROM events ${where} ORDER BY seq DESC LIMIT ?`)
    .all(...types, q.limit) as EventRow[]
  return rows.reverse().map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }))
}

function toHandoff(e: AuditEvent): HandoffRecord {
  return HandoffRecord.parse({ ...e.payload, seq: e.seq, ts: e.ts })
}
