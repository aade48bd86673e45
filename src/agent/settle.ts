/**
 * How an agent settles a ticket, whoever planned the repair (its brain or a
 * plan from outside): resolved or escalated (with evidence), or deferred to
 * the root it follows from — each written to the store and said on its output.
 */
import type { Ticket } from '../core/records.js'
import type { Triage } from '../core/subject.js'
import type { AgentContext } from './context.js'
import type { EscalationEvidence } from './escalation.js'

export function finish(
  ctx: AgentContext,
  ticket: Ticket,
  status: 'resolved' | 'escalated',
  reason: string,
  escalation: string | null = null,
  evidence?: EscalationEvidence,
): void {
  const t = ctx.store.finishTicket(ticket.id, ctx.agentId, status, reason, escalation, evidence)
  ctx.logger.info(
    {
      event: `ticket.${status}`,
      ticket_id: ticket.id,
      key: ticket.key,
      reason,
      by: t ? ctx.agentId : 'already settled elsewhere',
      ...(evidence ? { summary: evidence.summary, evidence } : {}),
    },
    `${ticket.key}: ${evidence?.summary ?? reason}`,
  )
}

/** Hands a ticket back to follow its root (`when`: the stage that found it a consequence). */
export function defer(ctx: AgentContext, ticket: Ticket, triage: Triage & { cause: string }, when: string): 'deferred' {
  const t = ctx.store.deferTicket(ticket.id, ctx.agentId, triage)
  ctx.logger.info(
    {
      event: 'ticket.deferred',
      ticket_id: ticket.id,
      key: ticket.key,
      cause_key: triage.cause,
      cause_ticket: t?.cause_ticket ?? null,
      reason: triage.reason,
      by: t ? ctx.agentId : 'already settled elsewhere',
    },
    `${ticket.key} follows from ${t?.cause_ticket ?? triage.cause} (${when}): ${triage.reason}`,
  )
  return 'deferred'
}
