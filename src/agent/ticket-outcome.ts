/**
 * How a ticket ends after an outside plan ran (run-external.ts), as it would
 * after the agent's own: verified → resolved (with what followed from it);
 * handed on or deferred → back to open, linked to its root; the violation gone
 * before execution → resolved; stopped by observe mode or the kill switch →
 * escalated for that reason (the approved plan runs when execute mode is back);
 * anything else → escalated with the failed step as evidence.
 */
import type { Ticket } from '../core/records.js'
import type { AgentContext } from './context.js'
import { escalationEvidence, failedAttempt } from './escalation.js'
import type { TicketOutcome } from './remediate.js'
import { defer, finish } from './settle.js'
import type { StepOutcome } from './step-stages.js'
import type { VerifyOutcome } from './verify.js'

/** Why a ticket whose outside plan did not repair it goes to a person. */
export const EXTERNAL_PLAN_FAILED = 'external_plan_failed'

/** Settles the ticket after a step that did not execute; `dropRest` moves the plan's later steps aside, with why. */
export function externalStopped(
  ctx: AgentContext,
  ticket: Ticket,
  outcome: Exclude<StepOutcome, { kind: 'executed' }>,
  dropRest: (reason: string) => void,
): TicketOutcome {
  const modes = ctx.store.modes(ctx.subject.run_id)
  if (outcome.kind === 'cancelled' && (modes.kill_latched || modes.safety !== 'execute')) {
    // Not the plan's fault: it stays approved and runs once a person brings execute mode back.
    const code = modes.kill_latched ? 'kill_switch' : 'observe_mode'
    finish(ctx, ticket, 'escalated', `${outcome.reason}: nothing executed`, code)
    return 'escalated'
  }
  dropRest(`step ${outcome.proposal.step + 1} of the plan ended ${outcome.kind}`)
  if (outcome.kind === 'superseded') {
    finish(ctx, ticket, 'resolved', 'the violation went away on its own')
    return 'resolved'
  }
  if (outcome.kind === 'deferred') return defer(ctx, ticket, outcome.triage, 'outside plan')
  const reason = `the outside plan's ${outcome.proposal.action} ended ${outcome.kind}: ${outcome.reason}`
  const evidence = escalationEvidence(reason, [failedAttempt(outcome.kind, outcome.proposal, outcome.reason)], null)
  finish(ctx, ticket, 'escalated', reason, EXTERNAL_PLAN_FAILED, evidence)
  return 'escalated'
}

/** Settles the ticket after the plan's steps executed and were verified. */
export function externalVerified(ctx: AgentContext, ticket: Ticket, outcome: VerifyOutcome): TicketOutcome {
  switch (outcome.kind) {
    case 'verified': {
      finish(ctx, ticket, 'resolved', `verified after ${outcome.last.action} (proposed by ${outcome.last.created_by})`)
      for (const t of ctx.store.resolveAbsent(ticket.run_id, new Set(outcome.present), ctx.agentId))
        ctx.logger.info(
          { event: 'ticket.resolved', ticket_id: t.id, key: t.key, reason: 'resolved with its root', root: ticket.id },
          `${t.key} resolved with ${ticket.id}`,
        )
      return 'resolved'
    }
    case 'handed_on':
      return defer(ctx, ticket, outcome.triage, 'outside plan')
    case 'verify_failed': {
      const failures = [failedAttempt('verify_failed', outcome.proposal, outcome.reason)]
      const evidence = escalationEvidence(outcome.reason, failures, null)
      finish(ctx, ticket, 'escalated', outcome.reason, EXTERNAL_PLAN_FAILED, evidence)
      return 'escalated'
    }
    case 'failed':
      finish(ctx, ticket, 'escalated', outcome.reason, EXTERNAL_PLAN_FAILED)
      return 'escalated'
  }
}
