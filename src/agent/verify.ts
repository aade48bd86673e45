/**
 * Verification after a candidate's last step: observe at a short interval
 * until the ticket's violation is gone and stays gone for the settle window
 * (watch-gone.ts), or the deadline passes. A root whose repair did its part
 * but whose violation now only follows from another root (the member runs
 * again; it fails reads because quorum still needs another member) is handed
 * on: at once when it cannot clear before that root is back, at the deadline
 * otherwise. Every executed step of the candidate ends verified or
 * verify_failed.
 */
import type { Proposal, Ticket } from '../core/records.js'
import type { Triage } from '../core/subject.js'
import { type AgentContext, type TicketState, ticketState } from './context.js'
import { emit } from './run-step.js'
import { watchUntilGone } from './watch-gone.js'

export type VerifyOutcome =
  | { kind: 'verified'; last: Proposal; present: string[] }
  /** The root is repaired; what remains follows from `triage.cause`: the ticket goes with that root. */
  | { kind: 'handed_on'; last: Proposal; triage: Triage & { cause: string } }
  | { kind: 'verify_failed'; reason: string; proposal: Proposal }
  | { kind: 'failed'; reason: string }

const follows = (s: TicketState, key: string) =>
  s.violation !== undefined && s.triage?.cause != null && s.triage.cause !== key

export async function verify(
  ctx: AgentContext,
  ticket: Ticket,
  executed: Proposal[],
  signal: AbortSignal,
): Promise<VerifyOutcome> {
  const last = executed.at(-1)
  if (!last) return { kind: 'failed', reason: 'nothing was executed' }
  const { clock, settings } = ctx
  ctx.logger.info(
    { event: 'agent.verifying', ticket_id: ticket.id, proposal_id: last.id, settle_ms: settings.settleMs },
    `verifying ${ticket.key}`,
  )
  const { last: state } = await watchUntilGone({
    clock,
    signal,
    look: () => ticketState(ctx, ticket.key, signal),
    gone: (s) => s.violation === undefined,
    done: (s) => follows(s, ticket.key) && s.triage?.blocked === true,
    settleMs: settings.settleMs,
    deadline: clock.now() + settings.verifyTimeoutMs,
  })
  // The last look decides: gone (settled, or gone too briefly before the deadline), still there, or handed on.
  const triage = state.triage
  const handedOn = follows(state, ticket.key) && triage !== undefined && triage.cause !== null
  const to = state.violation && !handedOn ? 'verify_failed' : 'verified'
  const reason = !state.violation
    ? `${ticket.key} no longer violated`
    : handedOn
      ? `${last.action} did its part; ${ticket.key} now follows from ${triage?.cause}: ${triage?.reason}`
      : `still violated: ${state.violation.message}`
  for (const p of executed) {
    const current = ctx.store.proposal(p.id)
    if (current.status !== 'executed') continue
    const moved = ctx.store.transition(p.id, current.version, to, { actor: ctx.agentId, runId: ticket.run_id, reason })
    emit(ctx, moved, `proposal.${to}`, reason)
  }
  if (!state.violation) return { kind: 'verified', last, present: state.present }
  if (handedOn && triage?.cause) return { kind: 'handed_on', last, triage: { ...triage, cause: triage.cause } }
  return { kind: 'verify_failed', reason, proposal: last }
}
