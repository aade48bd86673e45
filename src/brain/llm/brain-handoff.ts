/**
 * The model brain's handoff at the end of each ticket's session: the ticket,
 * the outcome the brain last heard (a plan's result, its own escalation, a
 * spent budget, a fallback), where the ticket stands now and what the
 * conversation cost, recorded as a `session.handoff` bound to the current
 * state digest.
 *
 * The brain cannot see the policy file. It binds with the policy digest the
 * gate used for this ticket's newest proposal (the agent's policy) when there
 * is one, else null; boot's policy check skips handoffs without one.
 * Recording must never fail the session: a failure is a log line.
 */
import { errorMessage } from '../../core/errors.js'
import type { AuditEvent, Ticket } from '../../core/records.js'
import type { Logger } from '../../log/logger.js'
import { newestEvents } from '../../store/handoffs.js'
import { PENDING_PROPOSAL_STATUSES, stateDigest } from '../../store/state-digest.js'
import type { Store } from '../../store/store.js'

/** What of the brain's deps a handoff needs (LlmBrainDeps has them). */
export interface HandoffDeps {
  store: Store
  subject: { run_id: string }
  logger: Logger
  /** Who hands off: the agent's id. */
  actor: string
}

/** What the session spent. */
export interface SessionSpend {
  turns: number
  tool_calls: number
  tokens: number
}

const OUTCOME_EVENTS = ['brain.tool', 'brain.tool_result', 'brain.budget_exceeded', 'brain.fallback']

/** The last thing this ticket's conversation heard about how it went, in a few words (null: nothing yet). */
function lastHeard(events: readonly AuditEvent[], ticketId: string): string | null {
  const own = events.filter(
    (e) => e.payload.ticket_id === ticketId && (e.type !== 'brain.tool' || e.payload.tool === 'escalate'),
  )
  const e = own.at(-1)
  if (!e) return null
  switch (e.type) {
    case 'brain.tool_result':
      return `plan ${String(e.payload.outcome)}`
    case 'brain.tool':
      return 'it escalated'
    case 'brain.budget_exceeded':
      return `budget spent (${String(e.payload.spent)})`
    default:
      return `provider failed, fell back to ${String(e.payload.to)}`
  }
}

export function writeBrainHandoff(d: HandoffDeps, opened: Ticket, spend: SessionSpend): void {
  try {
    const { store } = d
    const ticket = store.ticket(opened.id)
    const heard = lastHeard(newestEvents(store.db, { types: OUTCOME_EVENTS, limit: 200 }), ticket.id)
    const proposals = store.proposals({ ticketId: ticket.id })
    const policyDigest = proposals.findLast((p) => p.policy !== null)?.policy?.policy_digest ?? null
    const pending = proposals.filter((p) => PENDING_PROPOSAL_STATUSES.includes(p.status))
    const cost = `${spend.turns} turn(s), ${spend.tool_calls} tool call(s), ${spend.tokens} token(s)`
    const why = ticket.escalation_reason ? `: ${ticket.escalation_reason}` : ''
    const digest = stateDigest(store, policyDigest)
    store.appendHandoff({
      by: d.actor,
      summary: `model brain on ${ticket.id} (${ticket.key}): last heard ${heard ?? 'no outcome'}; ticket ${ticket.status}; ${cost}`,
      tasks: ticket.status === 'resolved' ? [] : [`${ticket.id} (${ticket.key}) is ${ticket.status}${why}`],
      risks: pending.map((p) => `${p.id} ${p.action} ${JSON.stringify(p.params)} is ${p.status}`),
      unknowns: heard === null ? ['no plan outcome was reported to the model in this session'] : [],
      digest,
      digest_now: digest,
      policy_digest: policyDigest,
      run_id: d.subject.run_id,
    })
  } catch (err) {
    d.logger.warn(
      { event: 'brain.handoff_failed', ticket_id: opened.id, error: errorMessage(err) },
      `the model brain's handoff for ${opened.id} was not recorded: ${errorMessage(err)}`,
    )
  }
}
