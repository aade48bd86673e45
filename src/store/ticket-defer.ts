/**
 * An agent hands a ticket back when triage shows it follows from another
 * (a victim of a root): released to `open` and linked to its root in one
 * transaction, so no agent can claim it in between. It resolves with the
 * root, or comes back as a root of its own if it outlives it.
 */
import type { Ticket } from '../core/records.js'
import type { Triage } from '../core/subject.js'
import type { Db } from './open-database.js'
import { applyTriage } from './ticket-triage.js'
import { finishTicket, getTicket } from './tickets.js'
import { writeTx } from './tx.js'

/** Releases a ticket this agent holds as a consequence of `triage.cause`; null when it no longer holds it. */
export function deferTicket(db: Db, id: string, agentId: string, triage: Triage, now: number): Ticket | null {
  if (triage.cause === null) throw new TypeError('deferTicket needs a cause')
  return writeTx(db, () => {
    const released = finishTicket(db, id, agentId, 'open', `follows from ${triage.cause}: ${triage.reason}`, now)
    if (released === null) return null
    applyTriage(db, released, triage, agentId, now)
    return getTicket(db, id)
  })
}
