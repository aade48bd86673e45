/**
 * One turn of an agent's loop: recover what agents that are gone left between
 * states, then run an approved plan proposed from outside, else claim a
 * ticket and remediate it. False when there was nothing to do.
 */
import type { Ticket } from '../core/records.js'
import type { AgentContext } from './context.js'
import { awaitInFlight, recoverOrphans } from './recover.js'
import { remediate } from './remediate.js'
import { claimExternalPlan, runExternalPlan } from './run-external.js'

export type RunTask = (ticket: Ticket, work: (signal: AbortSignal) => Promise<string>) => Promise<void>

export async function workOnce(
  ctx: AgentContext,
  stop: AbortSignal,
  runTask: RunTask,
  deadAgents: (ctx: AgentContext) => string[],
): Promise<boolean> {
  await recoverOrphans(ctx, stop)
  // Approved plans proposed from outside (operator mcp) first: people are waiting on them.
  const external = claimExternalPlan(ctx)
  if (external) {
    const { ticket } = external
    await runTask(ticket, async (signal) => {
      await awaitInFlight(ctx, ticket.id, signal)
      return runExternalPlan(ctx, external, signal)
    })
    return true
  }
  const modesNow = ctx.store.modes(ctx.subject.run_id)
  const claim = ctx.store.claimTicket({
    runId: ctx.subject.run_id,
    agentId: ctx.agentId,
    staleBefore: ctx.clock.now() - ctx.settings.staleMs,
    deadAgents: deadAgents(ctx),
    executeMode: modesNow.safety === 'execute',
  })
  if (!claim) return false
  const { ticket, adoptedFrom } = claim
  ctx.logger.info(
    {
      event: 'ticket.claimed',
      ticket_id: ticket.id,
      key: ticket.key,
      adopted_from: adoptedFrom,
      message: ticket.message,
    },
    `claimed ${ticket.id} ${ticket.key}`,
  )
  await runTask(ticket, async (signal) => {
    // An adopted ticket may still have a proposal between execution and verification: that ends first.
    await awaitInFlight(ctx, ticket.id, signal)
    return remediate(ctx, ticket, signal)
  })
  return true
}
