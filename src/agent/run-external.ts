/**
 * The agent executes plans it did not make: between tasks it moves stale
 * outside steps out of the way, takes the ticket of the first runnable plan
 * (external-plans.ts: every step approved), then runs each step through the
 * same gate as its own (mode, kill latch, approvals and a single-use token,
 * checked at the moment of execution), verifies the ticket's violation and
 * resolves, hands on or escalates it (ticket-outcome.ts).
 */
import { errorMessage } from '../core/errors.js'
import type { Proposal } from '../core/records.js'
import type { AgentContext } from './context.js'
import { EXTERNAL_PREFIX, type ExternalPick, isExternal, scanExternal } from './external-plans.js'
import type { TicketOutcome } from './remediate.js'
import { approveAndExecute, emit } from './run-step.js'
import { externalStopped, externalVerified } from './ticket-outcome.js'
import { verify } from './verify.js'

const NOT_STARTED = ['proposed', 'validated', 'awaiting_approval', 'approved'] as const

/** Takes the ticket of the next runnable outside plan for this agent; null when there is none (or it was taken first). */
export function claimExternalPlan(ctx: AgentContext): ExternalPick | null {
  const { store } = ctx
  const pending = store.proposals({ status: NOT_STARTED }).filter(isExternal)
  if (pending.length === 0) return null
  const ticketIds = new Set(pending.map((p) => p.ticket_id))
  const proposals = [...ticketIds].flatMap((id) => store.proposals({ ticketId: id }))
  const modes = store.modes(ctx.subject.run_id)
  const scan = scanExternal({
    runId: ctx.subject.run_id,
    proposals,
    tickets: store.tickets({ runId: ctx.subject.run_id }),
    mayExecute: modes.safety === 'execute' && !modes.kill_latched,
  })
  for (const { proposal, reason } of scan.stale) moveAside(ctx, proposal, 'superseded', reason)
  if (!scan.pick) return null
  const ids = scan.pick.steps.map((p) => p.id)
  const by = scan.pick.steps[0]?.created_by ?? EXTERNAL_PREFIX
  const reason = `to execute ${ids.join(', ')} (proposed by ${by}, approved)`
  const ticket = store.takeTicket({
    id: scan.pick.ticket.id,
    agentId: ctx.agentId,
    reason,
    details: { proposals: ids, proposed_by: by },
  })
  if (!ticket) return null
  ctx.logger.info(
    { event: 'ticket.claimed', ticket_id: ticket.id, key: ticket.key, proposals: ids, proposed_by: by },
    `claimed ${ticket.id} ${ticket.key} ${reason}`,
  )
  return { ticket, steps: scan.pick.steps }
}

/** Runs a claimed outside plan's steps in order through the gate, then verifies and settles the ticket. */
export async function runExternalPlan(
  ctx: AgentContext,
  pick: ExternalPick,
  signal: AbortSignal,
): Promise<TicketOutcome> {
  const { ticket } = pick
  const executed: Proposal[] = []
  for (const [index, step] of pick.steps.entries()) {
    const outcome = await approveAndExecute(ctx, ticket, ctx.store.proposal(step.id), signal)
    if (outcome.kind === 'executed') {
      executed.push(outcome.proposal)
      continue
    }
    const rest = pick.steps.slice(index + 1)
    return externalStopped(ctx, ticket, outcome, (reason) => {
      for (const p of rest) moveAside(ctx, ctx.store.proposal(p.id), 'cancelled', reason)
    })
  }
  return externalVerified(ctx, ticket, await verify(ctx, ticket, executed, signal))
}

/** Moves a step that will not run out of the way; one another process moved first is left as it is. */
function moveAside(ctx: AgentContext, p: Proposal, to: 'superseded' | 'cancelled', reason: string): void {
  if (p.status !== 'validated' && p.status !== 'awaiting_approval' && p.status !== 'approved') return
  try {
    const moved = ctx.store.transition(p.id, p.version, to, { actor: ctx.agentId, runId: ctx.subject.run_id, reason })
    emit(ctx, moved, `proposal.${to}`, reason)
  } catch (err) {
    ctx.logger.warn({ event: 'agent.recovery_skipped', proposal_id: p.id, error: errorMessage(err) }, errorMessage(err))
  }
}
