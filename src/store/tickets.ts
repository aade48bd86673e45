/**
 * Tickets: one active ticket per violation key and run, deduplicated with an
 * occurrence count, claimed atomically by one agent at a time, resolved when
 * the violation is gone. Every status change is written with its event.
 */

import { OperatorError } from '../core/errors.js'
import { Ticket, type TicketStatus } from '../core/records.js'
import { redact } from '../core/redact.js'
import type { Violation } from '../core/subject.js'
import { appendEvent, completeEvent, type PreparedEvent, prepareEvent } from './audit-log.js'
import type { Db } from './open-database.js'
import { applyTriage, causeTicketOf } from './ticket-triage.js'
import { jsonColumn, whereClause, writeTx } from './tx.js'

interface TicketRow extends Omit<Ticket, 'evidence'> {
  evidence: string
  n: number
}

function toTicket(row: TicketRow): Ticket {
  const { n: _n, ...rest } = row
  return Ticket.parse({ ...rest, evidence: jsonColumn(row.evidence) ?? {} })
}

export function getTicket(db: Db, id: string): Ticket {
  const row = db.prepare('SELECT * FROM tickets WHERE id = ?').get(id) as TicketRow | undefined
  if (!row) throw new OperatorError('not_found', `no ticket ${id}`, 'list tickets with `operator tickets`')
  return toTicket(row)
}

export interface TicketQuery {
  status?: TicketStatus[]
  runId?: string
}

export function listTickets(db: Db, q: TicketQuery = {}): Ticket[] {
  const where = whereClause({ equals: { run_id: q.runId }, within: { status: q.status } })
  const rows = db.prepare(`SELECT * FROM tickets ${where.sql} ORDER BY n`).all(...where.args) as TicketRow[]
  return rows.map(toTicket)
}

export interface UpsertResult {
  ticket: Ticket
  opened: boolean
}

/** Opens a ticket for a new violation, or counts another occurrence of an active one. */
export function upsertViolation(
  db: Db,
  runId: string,
  subject: string,
  v: Violation,
  actor: string,
  now: number,
): UpsertResult {
  // Redaction and JSON before the write lock; inside it only the ticket id is added.
  const evidence = JSON.stringify(redact(v.evidence))
  const opened = prepareEvent({
    run_id: runId,
    actor,
    type: 'ticket.opened',
    payload: {
      key: v.key,
      severity: v.severity,
      target: v.target,
      message: v.message,
      evidence: v.evidence,
      cause_key: v.triage?.cause ?? null,
      triage: v.triage?.reason || null,
    },
  })
  return writeTx(db, () => {
    const active = db
      .prepare("SELECT * FROM tickets WHERE run_id = ? AND key = ? AND status != 'resolved'")
      .get(runId, v.key) as TicketRow | undefined
    if (active) {
      db.prepare(
        'UPDATE tickets SET occurrences = occurrences + 1, last_seen_at = ?, message = ?, evidence = ? WHERE id = ?',
      ).run(now, v.message, evidence, active.id)
      if (v.triage) applyTriage(db, active, v.triage, actor, now)
      return { ticket: getTicket(db, active.id), opened: false }
    }
    const n = (db.prepare('SELECT COALESCE(MAX(n), 0) + 1 AS n FROM tickets').get() as { n: number }).n
    const id = `T-${n}`
    const cause = v.triage?.cause ?? null
    const causeTicket = causeTicketOf(db, runId, cause)
    db.prepare(
      `INSERT INTO tickets (n, id, run_id, subject, key, invariant, severity, target, message, evidence, status,
        occurrences, opened_at, last_seen_at, resolved_at, claimed_by, escalation_reason, version,
        cause_key, cause_ticket, triage_reason, priority)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', 1, ?, ?, NULL, NULL, NULL, 1, ?, ?, ?, ?)`,
    ).run(
      n,
      id,
      runId,
      subject,
      v.key,
      v.invariant,
      v.severity,
      v.target,
      v.message,
      evidence,
      now,
      now,
      cause,
      causeTicket,
      v.triage?.reason || null,
      v.triage?.priority ?? 0,
    )
    appendEvent(db, completeEvent(opened, { ticket_id: id, cause_ticket: causeTicket }), now)
    return { ticket: getTicket(db, id), opened: true }
  })
}

/**
 * Resolves every open or escalated ticket of the run whose violation is no
 * longer present. Tickets in progress are left to their agent, which
 * resolves them once it has verified its repair (or found the violation gone).
 */
export function resolveAbsent(
  db: Db,
  runId: string,
  presentKeys: ReadonlySet<string>,
  actor: string,
  now: number,
): Ticket[] {
  const activeSql = "SELECT * FROM tickets WHERE run_id = ? AND status IN ('open', 'escalated') ORDER BY n"
  // Most polls resolve nothing: seen with a read, they take no write lock (one writer at a time, every run's poll).
  const absent = (db.prepare(activeSql).all(runId) as TicketRow[]).some((row) => !presentKeys.has(row.key))
  if (!absent) return []
  return writeTx(db, () => {
    const active = db.prepare(activeSql).all(runId) as TicketRow[]
    const resolved: Ticket[] = []
    for (const row of active) {
      if (presentKeys.has(row.key)) continue
      const reason =
        row.cause_key === null
          ? 'violation no longer observed'
          : `resolved with its root ${row.cause_ticket ?? row.cause_key}: no longer observed`
      resolved.push(setStatus(db, toTicket(row), 'resolved', actor, now, { reason }))
    }
    return resolved
  })
}

function setStatus(
  db: Db,
  t: Ticket,
  status: TicketStatus,
  actor: string,
  now: number,
  extra: {
    reason?: string
    claimed_by?: string | null
    escalation_reason?: string | null
    /** Payload fields made ready before the transaction (the evidence of an escalation). */
    prepared?: PreparedEvent
  },
): Ticket {
  const claimedBy = extra.claimed_by !== undefined ? extra.claimed_by : status === 'in_progress' ? t.claimed_by : null
  const escalation =
    extra.escalation_reason !== undefined
      ? extra.escalation_reason
      : status === 'escalated'
        ? t.escalation_reason
        : null
  // A new holder takes a new lease: whatever the old holder still has in flight is fenced off at the gate.
  const handed = status === 'in_progress' && (t.status !== 'in_progress' || claimedBy !== t.claimed_by) ? 1 : 0
  const res = db
    .prepare(
      `UPDATE tickets SET status = ?, claimed_by = ?, escalation_reason = ?, resolved_at = ?, version = version + 1,
         lease = lease + ? WHERE id = ? AND version = ?`,
    )
    .run(status, claimedBy, escalation, status === 'resolved' ? now : null, handed, t.id, t.version)
  if (res.changes !== 1)
    throw new OperatorError('conflict', `ticket ${t.id} changed under us`, 'retry; another process updated it')
  const event = {
    run_id: t.run_id,
    actor,
    type: `ticket.${status}`,
    payload: {
      ticket_id: t.id,
      key: t.key,
      from: t.status,
      reason: extra.reason ?? null,
      claimed_by: claimedBy,
      escalation_reason: escalation,
    },
  }
  const prepared = extra.prepared
  appendEvent(
    db,
    prepared === undefined
      ? event
      : { ...completeEvent(prepared, event.payload), run_id: t.run_id, actor, type: event.type },
    now,
  )
  return getTicket(db, t.id)
}

export interface ClaimOptions {
  runId: string
  agentId: string
  /** Agents whose heartbeat is older than this are presumed dead: their claims can be taken. */
  staleBefore: number
  /** Agents known dead whatever their heartbeat says (on this host, their process is gone). */
  deadAgents?: readonly string[]
  /** Whether observe-mode escalations may be picked up again (execute mode). */
  executeMode: boolean
}

/**
 * Atomically claims the most urgent ticket this agent may work on: an open
 * one, one held by a dead agent (adopted), or one escalated only because
 * observe mode was on, now that execute mode is.
 */
export function claimTicket(
  db: Db,
  o: ClaimOptions,
  now: number,
): { ticket: Ticket; adoptedFrom: string | null } | null {
  return writeTx(db, () => {
    const row = db
      .prepare(
        `SELECT t.* FROM tickets t
          LEFT JOIN agents a ON a.id = t.claimed_by
         WHERE t.run_id = @runId AND (
               -- a consequence (cause_key set) is never claimed: it resolves with its root
               (t.status = 'open' AND t.cause_key IS NULL)
            OR (t.status = 'in_progress' AND t.claimed_by != @agentId
                -- held by a registered agent that is gone; a ticket held by anything else (a scenario's step) is its own
                AND a.id IS NOT NULL AND (a.stopped_at IS NOT NULL OR a.heartbeat_at < @staleBefore
                     OR t.claimed_by IN (SELECT value FROM json_each(@dead))))
            OR (t.status = 'escalated' AND t.cause_key IS NULL
                AND t.escalation_reason IN ('observe_mode', 'kill_switch') AND @executeMode = 1))
         ORDER BY CASE t.severity WHEN 'critical' THEN 0 ELSE 1 END, t.priority DESC, t.n
         LIMIT 1`,
      )
      .get({
        runId: o.runId,
        agentId: o.agentId,
        staleBefore: o.staleBefore,
        dead: JSON.stringify(o.deadAgents ?? []),
        executeMode: o.executeMode ? 1 : 0,
      }) as TicketRow | undefined
    if (!row) return null
    const t = toTicket(row)
    const adoptedFrom = t.status === 'in_progress' ? t.claimed_by : null
    const ticket = setStatus(db, t, 'in_progress', o.agentId, now, {
      claimed_by: o.agentId,
      escalation_reason: null,
      reason: adoptedFrom ? `adopted from ${adoptedFrom}` : 'claimed',
    })
    return { ticket, adoptedFrom }
  })
}

/**
 * Moves a ticket on (escalate, resolve, release) if it is still held by this
 * agent; returns null when the monitor or the kill switch got there first.
 * `evidence` (what a person needs to know of an escalation) goes into the
 * event's payload, not the ticket row: redacted and serialized before the lock.
 */
export function finishTicket(
  db: Db,
  id: string,
  agentId: string,
  status: Exclude<TicketStatus, 'in_progress'>,
  reason: string,
  now: number,
  escalationReason: string | null = null,
  evidence?: Record<string, unknown>,
): Ticket | null {
  const prepared =
    evidence === undefined
      ? undefined
      : prepareEvent({ run_id: null, actor: agentId, type: `ticket.${status}`, payload: { evidence } })
  return writeTx(db, () => {
    const t = getTicket(db, id)
    if (t.status !== 'in_progress' || t.claimed_by !== agentId) return null
    return setStatus(db, t, status, agentId, now, {
      reason,
      claimed_by: null,
      escalation_reason: escalationReason,
      ...(prepared ? { prepared } : {}),
    })
  })
}

/** Escalates every in-progress ticket (kill switch), inside the caller's transaction. */
export function escalateAllInProgress(db: Db, reason: string, actor: string, now: number, runId?: string): number {
  const rows = db
    .prepare("SELECT * FROM tickets WHERE status = 'in_progress' AND (? IS NULL OR run_id = ?)")
    .all(runId ?? null, runId ?? null) as TicketRow[]
  for (const row of rows)
    setStatus(db, toTicket(row), 'escalated', actor, now, { reason, claimed_by: null, escalation_reason: reason })
  return rows.length
}

/**
 * A ticket for work that is not about a violation — a scenario's rollback
 * action — opened already held by `holder`, so no agent claims it: its
 * proposals need a ticket like every other. `finishTicket` settles it.
 */
export function openTaskTicket(
  db: Db,
  runId: string,
  subject: string,
  task: { key: string; target: string | null; message: string },
  holder: string,
  now: number,
): Ticket {
  return writeTx(db, () => {
    const violation = { invariant: 'scenario_step', severity: 'warning' as const, evidence: {}, ...task }
    const { ticket } = upsertViolation(db, runId, subject, violation, holder, now)
    return setStatus(db, ticket, 'in_progress', holder, now, { claimed_by: holder, reason: 'a scenario step' })
  })
}
