/**
 * Crash recovery: what an agent that is gone left between states, and what
 * becomes of it. Every agent runs it between tasks, for its own run; nothing
 * of its own is in flight then, so what it owns itself counts as left behind
 * too (a task the kill switch aborted after its action ran). Proposals of a
 * live agent are left alone, and so are those of an owner that is no agent
 * (a scenario's rollback: its runner finishes it).
 *
 * - proposed: cancelled; nobody validated it, the ticket's next owner plans afresh.
 * - validated, awaiting_approval, approved: left to the agent that adopts the
 *   ticket, which takes the newest through the execution gate again (policy,
 *   approvals, a live single-use token), so never executed blindly. An approved
 *   proposal never holds a consumed token: the gate consumes it in the
 *   transaction that moves the proposal to executing. The run's end cancels the rest.
 * - executing: marked interrupted, then re-verified.
 * - executed, interrupted: re-verified (the settle time counted from when it
 *   ran, then observed until the verification window closes) and ended
 *   verified or verify_failed. Never executed again.
 */

import { errorMessage } from '../core/errors.js'
import { operatorHost } from '../core/host.js'
import { STARTED_STATUSES } from '../core/proposal-machine.js'
import type { Proposal } from '../core/records.js'
import { type OwnedProposal, ownedProposals, takeOver } from '../store/proposal-owners.js'
import { type AgentContext, currentViolation } from './context.js'
import { emit } from './run-step.js'
import { watchUntilGone } from './watch-gone.js'

const LEFT_BEHIND = ['proposed', ...STARTED_STATUSES] as const

/** Whether a process with this pid exists on this host. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Gone: this agent itself (between tasks), or a registered agent that
 * stopped, whose heartbeat is older than `staleMs`, or that ran on this host
 * and whose process no longer exists. An owner that is no agent is not gone.
 */
function gone(ctx: AgentContext, o: OwnedProposal): boolean {
  if (o.owner === ctx.agentId) return true
  const a = o.agent
  if (!a) return false
  if (a.stopped_at !== null || a.heartbeat_at < ctx.clock.now() - ctx.settings.staleMs) return true
  return a.host === operatorHost() && !processExists(a.pid)
}

/** Recovers what gone agents left between states in this agent's run (of one ticket, if given). */
export async function recoverOrphans(ctx: AgentContext, signal: AbortSignal, ticketId?: string): Promise<void> {
  const left = ownedProposals(ctx.store.db, ctx.subject.run_id, LEFT_BEHIND).filter(
    (o) => (ticketId === undefined || o.proposal.ticket_id === ticketId) && gone(ctx, o),
  )
  for (const o of left) {
    try {
      await recoverOne(ctx, o, signal)
    } catch (err) {
      if (signal.aborted) throw err
      // Moved by someone else first (a conflict), or the observation failed: the next pass looks again.
      ctx.logger.warn(
        { event: 'agent.recovery_skipped', proposal_id: o.proposal.id, error: errorMessage(err) },
        `recovery of ${o.proposal.id} skipped: ${errorMessage(err)}`,
      )
    }
  }
}

/**
 * Before a claimed ticket is remediated, none of its proposals may still be
 * between execution and verification: what a gone agent left is recovered
 * here, what a live agent is finishing is waited for.
 */
export async function awaitInFlight(ctx: AgentContext, ticketId: string, signal: AbortSignal): Promise<void> {
  for (;;) {
    await recoverOrphans(ctx, signal, ticketId)
    const busy = ownedProposals(ctx.store.db, ctx.subject.run_id, STARTED_STATUSES).filter(
      (o) => o.proposal.ticket_id === ticketId && o.agent !== null && !gone(ctx, o),
    )
    if (busy.length === 0) return
    await ctx.clock.sleep(ctx.settings.pollMs, signal)
  }
}

async function recoverOne(ctx: AgentContext, o: OwnedProposal, signal: AbortSignal): Promise<void> {
  const { proposal: p, owner } = o
  const runId = ctx.subject.run_id
  const why = owner === ctx.agentId ? 'its task ended first' : `agent ${owner} is gone`
  if (p.status === 'proposed') {
    const reason = `never validated: ${why}`
    const moved = ctx.store.transition(p.id, p.version, 'cancelled', { actor: ctx.agentId, runId, reason })
    emit(ctx, moved, 'proposal.cancelled', reason)
    return
  }
  const interrupting = p.status === 'executing'
  const reason = interrupting ? `${why} while executing it` : `${why} before verifying it`
  const taken = takeOver(
    ctx.store.db,
    p.id,
    p.version,
    { from: owner, agentId: ctx.agentId, runId, reason, ...(interrupting ? { to: 'interrupted' as const } : {}) },
    ctx.clock.now(),
  )
  if (!taken) return
  const what = interrupting ? 'proposal.interrupted' : 'proposal.recovering'
  emit(ctx, taken, what, `${reason}: re-verifying, not re-executing`, { from_agent: owner })
  await reverify(ctx, taken, p.updated_at, signal)
}

/** Verifies as the loop does after executing: watch until the violation has stayed gone, or the window closes. */
async function reverify(ctx: AgentContext, p: Proposal, ranAt: number, signal: AbortSignal): Promise<void> {
  const { clock, settings } = ctx
  const key = ctx.store.ticket(p.ticket_id).key
  const { last: remaining } = await watchUntilGone({
    clock,
    signal,
    look: () => currentViolation(ctx, key, signal),
    gone: (v) => v === undefined,
    settleMs: settings.settleMs,
    deadline: Math.max(ranAt, clock.now()) + settings.verifyTimeoutMs,
  })
  const to = remaining ? 'verify_failed' : 'verified'
  const reason = remaining ? `still violated: ${remaining.message}` : `${key} no longer violated`
  const moved = ctx.store.transition(p.id, p.version, to, { actor: ctx.agentId, runId: ctx.subject.run_id, reason })
  emit(ctx, moved, `proposal.${to}`, reason)
}
