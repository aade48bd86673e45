/**
 * A ticket's place in the triage (core/triage.ts), kept on its row: the
 * root violation it follows from (and that root's ticket, once open), why,
 * and a root's repair priority. A change of root is an audit event
 * (`ticket.linked` / `ticket.unlinked`); priority and wording changes are not.
 * Called inside the ticket's write transaction.
 */
import type { Triage } from '../core/subject.js'
import { appendEvent } from './audit-log.js'
import type { Db } from './open-database.js'

/** The active ticket of the run for a violation key, if any. */
export function causeTicketOf(db: Db, runId: string, causeKey: string | null): string | null {
  if (causeKey === null) return null
  const row = db
    .prepare("SELECT id FROM tickets WHERE run_id = ? AND key = ? AND status != 'resolved'")
    .get(runId, causeKey) as { id: string } | undefined
  return row?.id ?? null
}

export interface TriagedRow {
  id: string
  run_id: string
  key: string
  cause_key: string | null
  cause_ticket: string | null
}

/** Writes the triage onto an active ticket; records a link or unlink when its root changed. */
export function applyTriage(db: Db, row: TriagedRow, triage: Triage, actor: string, now: number): void {
  const causeTicket = causeTicketOf(db, row.run_id, triage.cause)
  db.prepare('UPDATE tickets SET cause_key = ?, cause_ticket = ?, triage_reason = ?, priority = ? WHERE id = ?').run(
    triage.cause,
    causeTicket,
    triage.reason || null,
    triage.priority,
    row.id,
  )
  if (row.cause_key === triage.cause && (row.cause_ticket === causeTicket || causeTicket === null)) return
  appendEvent(
    db,
    {
      run_id: row.run_id,
      actor,
      type: triage.cause === null ? 'ticket.unlinked' : 'ticket.linked',
      payload: {
        ticket_id: row.id,
        key: row.key,
        cause_key: triage.cause,
        cause_ticket: causeTicket,
        was: row.cause_key,
        reason: triage.reason,
      },
    },
    now,
  )
}
