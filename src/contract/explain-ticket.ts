/**
 * A ticket explained: its state and why; for an escalated ticket or a failed
 * repair the root cause — the escalation's code and summary, the last failed
 * proposal's error, the redacted lines it carries; its proposals and what
 * blocks each.
 */
import type { AuditEvent, Proposal, Ticket } from '../core/records.js'
import { redactText } from '../core/redact.js'
import { resultError, resultExcerpts } from './blocking-outcome.js'
import { blockingReasons } from './blocking-reasons.js'
import { type EvidenceRef, ref, SCHEMA_VERSION } from './common.js'
import { type ExplainFacts, seqRef, verify } from './explain-facts.js'
import type { RootCause, TicketExplanation } from './explain-schema.js'

const FAILED: readonly Proposal['status'][] = ['failed', 'verify_failed', 'interrupted']

export function explainTicket(f: ExplainFacts, t: Ticket): TicketExplanation {
  const proposals = f.deps.store.proposals({ ticketId: t.id })
  const events = f.byTicket.get(t.id) ?? []
  const statusEvent = events.findLast((e) => e.type === `ticket.${t.status}` || e.type === 'ticket.opened')
  const reason = statusEvent?.payload.reason
  const opened = events.find((e) => e.type === 'ticket.opened')
  return {
    schema_version: SCHEMA_VERSION,
    kind: 'ticket',
    id: t.id,
    run_id: t.run_id,
    key: t.key,
    status: t.status,
    severity: t.severity,
    message: redactText(t.message),
    opened_at: t.opened_at,
    resolved_at: t.resolved_at,
    status_reason: typeof reason === 'string' ? redactText(reason) : null,
    follows: t.cause_key === null ? null : (t.cause_ticket ?? t.cause_key),
    root_cause: rootCause(f, t, proposals, events),
    proposals: proposals.map((p) => ({
      id: p.id,
      action: p.action,
      status: p.status,
      reasons: blockingReasons(f, p),
    })),
    evidence: [
      ref.of('ticket', t.id, t.key),
      ...(opened ? [seqRef(opened)] : []),
      ...(statusEvent && statusEvent !== opened ? [seqRef(statusEvent)] : []),
      verify('operator tickets --json'),
      verify(`operator timeline ${t.id}`),
    ],
  }
}

/** The escalation's root cause, else the last failed proposal's; null for a ticket neither escalated nor failed. */
export function rootCause(
  f: ExplainFacts,
  t: Ticket,
  proposals: readonly Proposal[],
  events: readonly AuditEvent[],
): RootCause | null {
  const failed = proposals.findLast((p) => FAILED.includes(p.status))
  if (t.status === 'escalated') {
    const escalated = events.findLast((e) => e.type === 'ticket.escalated')
    const ev = (escalated?.payload.evidence ?? {}) as { summary?: unknown; advice?: unknown; log_excerpt?: unknown }
    const reason = typeof escalated?.payload.reason === 'string' ? escalated.payload.reason : null
    const killed =
      t.escalation_reason === 'kill_switch' ? f.events.findLast((e) => e.type === 'kill_switch.engaged') : undefined
    const summary =
      typeof ev.summary === 'string'
        ? ev.summary
        : killed
          ? `the kill switch (pulled by ${killed.actor}, seq ${killed.seq}) stopped work on it; an agent takes it up again once a person runs \`operator mode execute\``
          : (reason ?? t.escalation_reason ?? 'escalated')
    const logged = Array.isArray(ev.log_excerpt) ? ev.log_excerpt.filter((l) => typeof l === 'string') : []
    const excerpts = [
      ...new Set([...logged.map((l: string) => redactText(l)), ...(failed ? resultExcerpts(failed) : [])]),
    ]
    return cause({
      code: t.escalation_reason ?? 'escalated',
      summary,
      error: failed ? (resultError(failed) ?? failed.reason) : null,
      advice: typeof ev.advice === 'string' ? ev.advice : null,
      excerpts,
      proposal: failed ?? null,
      evidence: [...(escalated ? [seqRef(escalated)] : []), ...(killed ? [seqRef(killed)] : [])],
    })
  }
  if (!failed || t.status === 'resolved') return null
  const moved = (f.byProposal.get(failed.id) ?? []).findLast((e) => e.type === `proposal.${failed.status}`)
  return cause({
    code: failed.status,
    summary: `${failed.action} ${failed.status.replace('_', ' ')}: ${failed.reason ?? 'no reason recorded'}`,
    error: resultError(failed) ?? failed.reason,
    advice: null,
    excerpts: resultExcerpts(failed),
    proposal: failed,
    evidence: moved ? [seqRef(moved)] : [],
  })
}

interface CauseParts extends Omit<RootCause, 'proposal_id' | 'evidence'> {
  proposal: Proposal | null
  evidence: EvidenceRef[]
}

function cause(c: CauseParts): RootCause {
  const p = c.proposal
  return {
    code: c.code,
    summary: redactText(c.summary),
    error: c.error === null ? null : redactText(c.error),
    advice: c.advice === null ? null : redactText(c.advice),
    excerpts: c.excerpts,
    proposal_id: p?.id ?? null,
    evidence: [
      ...c.evidence,
      ...(p ? [ref.of('proposal', p.id, `${p.action} ${p.status}`)] : []),
      ...c.excerpts.map((line) => ref.of('redacted_excerpt', line)),
      ...(p ? [verify(`operator proposal ${p.id}`)] : []),
    ],
  }
}
