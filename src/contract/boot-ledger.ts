/**
 * The decision ledger and the recent events of a boot, read from the audit
 * log: who approved, rejected, denied or escalated what and why, and one
 * line per recent event. Only fields that say what happened are shown (never
 * a token id, an OS user or a hash).
 */
import type { AuditEvent } from '../core/records.js'
import { newestEvents } from '../store/handoffs.js'
import type { Store } from '../store/store.js'
import type { BootEvent, LedgerEntry } from './boot-schema.js'

const LEDGER_EVENTS = ['approval.recorded', 'proposal.denied', 'ticket.escalated'] as const

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null)

/** The newest `limit` decisions, oldest first. */
export function ledger(store: Store, limit = 20): LedgerEntry[] {
  // One more than asked: a rejection's denial (the next seq) is folded into the rejection.
  const events = newestEvents(store.db, { types: LEDGER_EVENTS, limit: limit * 2 + 1 })
  const entries: LedgerEntry[] = []
  events.forEach((e, i) => {
    const before = events[i - 1]
    const rejectedJustBefore =
      before?.type === 'approval.recorded' &&
      before.seq === e.seq - 1 &&
      before.payload.decision === 'reject' &&
      before.payload.proposal_id === e.payload.proposal_id
    if (e.type === 'proposal.denied' && rejectedJustBefore) return
    entries.push(entryOf(e))
  })
  return entries.slice(-limit)
}

function entryOf(e: AuditEvent): LedgerEntry {
  const p = e.payload
  const policy = p.policy as { rule_id?: unknown } | undefined
  const base = {
    seq: e.seq,
    ts: e.ts,
    actor: e.actor,
    proposal_id: str(p.proposal_id),
    ticket_id: str(p.ticket_id),
    rule_id: str(p.rule_id) ?? str(policy?.rule_id),
  }
  if (e.type === 'approval.recorded') {
    const reject = p.decision === 'reject'
    const counted = Array.isArray(p.counted) ? p.counted.length : null
    const tally = counted !== null && typeof p.required === 'number' ? ` (${counted}/${p.required} counted)` : ''
    const said = str(p.comment) ?? `${reject ? 'rejected' : 'approved'}${tally}`
    return { ...base, kind: reject ? 'rejection' : 'approval', reason: said }
  }
  if (e.type === 'ticket.escalated')
    return { ...base, kind: 'escalation', reason: str(p.escalation_reason) ?? str(p.reason) ?? 'escalated' }
  return { ...base, kind: 'denial', reason: str(p.reason) ?? 'denied' }
}

/** The newest `limit` events as one line each, oldest first. */
export function recentEvents(store: Store, limit = 20): BootEvent[] {
  return newestEvents(store.db, { limit }).map((e) => ({
    seq: e.seq,
    ts: e.ts,
    type: e.type,
    actor: e.actor,
    summary: summarize(e),
  }))
}

const ID_FIELDS = ['ticket_id', 'proposal_id', 'handoff_id', 'agent_id', 'key', 'action', 'decision', 'tool'] as const
const TEXT_FIELDS = ['summary', 'reason', 'escalation_reason', 'message', 'comment', 'outcome'] as const

/** `T-1 P-2 restart_member: approved` — the ids an event names, then its first words of explanation. */
export function summarize(e: AuditEvent): string {
  const p = e.payload
  const ids = ID_FIELDS.flatMap((k) => {
    const v = p[k]
    return typeof v === 'string' || typeof v === 'number' ? [String(v)] : []
  })
  const to = p.to as { safety?: unknown; approval?: unknown } | undefined
  if (e.type === 'mode.changed' && to) ids.push(`→ ${String(to.safety)}/${String(to.approval)}`)
  const text = TEXT_FIELDS.map((k) => str(p[k])).find((v) => v !== null)
  const line = [ids.join(' '), text].filter(Boolean).join(': ')
  const oneLine = line.replace(/\s+/g, ' ').trim()
  return oneLine.length > 160 ? `${oneLine.slice(0, 159)}…` : oneLine
}
