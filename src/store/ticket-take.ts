/**
 * Claiming one named ticket: an agent about to execute an approved plan that
 * someone else proposed for it (an outside agent, through `operator mcp`)
 * takes exactly that ticket — open, or escalated to a person — in one
 * transaction with its `ticket.in_progress` event, so no other agent works
 * on it meanwhile. A ticket held by anyone, resolved, or a consequence of
 * another root is not taken.
 */
import type { Ticket } from '../core/records.js'
import { appendEvent, completeEvent, prepareEvent } from './audit-log.js'
import type { Db } from './open-database.js'
import { getTicket } from './tickets.js'
import { writeTx } from './tx.js'

export interface TakeTicket {
  id: string
  agentId: string
  /** Why it is taken, for the event and the log: `to execute P-7 (proposed by mcp:claude)`. */
  reason: string
  /** Extra fields for the event payload (the proposals it is taken for). */
  details?: Record<string, unknown>
}

/** Takes the ticket for `agentId` if it is open or escalated and a root; null when it is not (anymore). */
export function takeTicket(db: Db, t: TakeTicket, now: number): Ticket | null {
  const prepared = prepareEvent({
    run_id: null,
    actor: t.agentId,
    type: 'ticket.in_progress',
    payload: { reason: t.reason, claimed_by: t.agentId, escalation_reason: null, ...t.details },
  })
  return writeTx(db, () => {
    const current = getTicket(db, t.id)
    if (current.status !== 'open' && current.status !== 'escalated') return null
    if (current.cause_key !== null) return null
    const res = db
      .prepare(
        `UPDATE tickets SET status = 'in_progress', claimed_by = ?, escalation_reason = NULL, resolved_at = NULL,
           version = version + 1, lease = lease + 1 WHERE id = ? AND version = ?`,
      )
      .run(t.agentId, current.id, current.version)
    if (res.changes !== 1) return null
    const read = { ticket_id: current.id, key: current.key, from: current.status }
    appendEvent(db, { ...completeEvent(prepared, read), run_id: current.run_id }, now)
    return getTicket(db, current.id)
  })
}
