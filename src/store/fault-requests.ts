/**
 * Faults asked for on one host for a run of another (a shared PostgreSQL
 * store): a fault acts on the members' processes, so the monitor of the host
 * that runs the run takes the request and injects it, and the asker reads
 * the outcome. Asking, taking and finishing are each one transaction with
 * their audit event; a request is taken once.
 */
import { randomBytes } from 'node:crypto'
import { appendEvent } from './audit-log.js'
import type { Db } from './open-database.js'
import { writeTx } from './tx.js'

export type FaultRequestStatus = 'pending' | 'taken' | 'done' | 'failed' | 'refused' | 'cancelled'

export interface FaultRequest {
  id: string
  run_id: string
  fault: string
  target: string | null
  requested_by: string
  requested_at: number
  status: FaultRequestStatus
  taken_by: string | null
  /** What the fault did (its result), or why it was not injected. */
  result: Record<string, unknown> | null
  done_at: number | null
}

type Row = Omit<FaultRequest, 'result'> & { result: string | null }
const toRequest = (r: Row): FaultRequest => ({ ...r, result: r.result === null ? null : JSON.parse(r.result) })

export function requestFault(
  db: Db,
  r: { runId: string; fault: string; target: string | null; by: string },
  now: number,
): FaultRequest {
  const id = `F-${randomBytes(4).toString('hex')}`
  writeTx(db, () => {
    db.prepare(
      `INSERT INTO fault_requests (id, run_id, fault, target, requested_by, requested_at, status)
       VALUES (?, ?, ?, ?, ?, ?, 'pending')`,
    ).run(id, r.runId, r.fault, r.target, r.by, now)
    const payload = { request_id: id, fault: r.fault, target: r.target }
    appendEvent(db, { run_id: r.runId, actor: r.by, type: 'fault.requested', payload }, now)
  })
  return faultRequest(db, id) as FaultRequest
}

export function faultRequest(db: Db, id: string): FaultRequest | undefined {
  const row = db.prepare('SELECT * FROM fault_requests WHERE id = ?').get(id) as Row | undefined
  return row && toRequest(row)
}

/** Takes the oldest pending request of a run (a read first: most polls find none and write nothing). */
export function takeFault(db: Db, runId: string, by: string): FaultRequest | null {
  const pending = db
    .prepare("SELECT id FROM fault_requests WHERE run_id = ? AND status = 'pending' ORDER BY requested_at LIMIT 1")
    .get(runId) as { id: string } | undefined
  if (!pending) return null
  const taken = writeTx(
    db,
    () =>
      db
        .prepare("UPDATE fault_requests SET status = 'taken', taken_by = ? WHERE id = ? AND status = 'pending'")
        .run(by, pending.id).changes === 1,
  )
  return taken ? (faultRequest(db, pending.id) ?? null) : null
}

/** Ends a request (injected, failed, refused or given up on), with its event when it was injected. */
export function finishFault(
  db: Db,
  id: string,
  status: Exclude<FaultRequestStatus, 'pending' | 'taken'>,
  result: Record<string, unknown>,
  actor: string,
  now: number,
): boolean {
  return writeTx(db, () => {
    const ended = db
      .prepare(
        "UPDATE fault_requests SET status = ?, result = ?, done_at = ? WHERE id = ? AND status IN ('pending', 'taken')",
      )
      .run(status, JSON.stringify(result), now, id)
    if (ended.changes !== 1) return false
    const r = faultRequest(db, id) as FaultRequest
    const type = status === 'done' ? 'fault.injected' : `fault.${status}`
    appendEvent(db, { run_id: r.run_id, actor, type, payload: { request_id: id, ...result } }, now)
    return true
  })
}
