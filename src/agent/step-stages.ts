/**
 * The stages of a step after approval, and the NDJSON every stage emits:
 * waiting for a person's decision, running the action the gate let through,
 * settling its result (also when the kill switch interrupted it meanwhile),
 * and moving a proposal with its event and log line.
 */
import { errorMessage, isOperatorError } from '../core/errors.js'
import type { Proposal } from '../core/records.js'
import type { ActionResult, Triage } from '../core/subject.js'
import type { TransitionOptions } from '../store/proposals.js'
import type { AgentContext } from './context.js'
import { validateAction } from './validate.js'

export type StepOutcome =
  | { kind: 'executed'; proposal: Proposal }
  | {
      kind: 'observed' | 'invalid' | 'denied' | 'expired' | 'failed' | 'superseded' | 'cancelled' | 'refused'
      proposal: Proposal
      reason: string
    }
  /** Superseded because the ticket now follows from another root: it goes with that root (a victim is not acted on). */
  | { kind: 'deferred'; proposal: Proposal; reason: string; triage: Triage & { cause: string } }

export async function execute(ctx: AgentContext, proposal: Proposal, signal: AbortSignal): Promise<StepOutcome> {
  const v = validateAction(ctx.subject.actions, proposal.action, proposal.params)
  if (!v.ok) return settle(ctx, proposal, { status: 'failed', summary: 'params no longer valid', error: v.reason })
  emit(ctx, proposal, 'proposal.executing', `executing ${proposal.action} ${JSON.stringify(proposal.params)}`)
  const started = ctx.clock.now()
  let result: ActionResult
  try {
    result = await v.action.run(v.params, {
      signal,
      proposal_id: proposal.id,
      clock: ctx.clock,
      log: (message, fields) =>
        ctx.logger.info({ event: 'action.progress', proposal_id: proposal.id, ...fields }, message),
    })
  } catch (err) {
    result = { status: 'failed', summary: signal.aborted ? 'aborted' : 'action threw', error: errorMessage(err) }
  }
  return settle(ctx, proposal, result, ctx.clock.now() - started)
}

function settle(ctx: AgentContext, p: Proposal, result: ActionResult, durationMs = 0): StepOutcome {
  const to = result.status === 'ok' ? 'executed' : 'failed'
  const record = { ...result, duration_ms: durationMs }
  try {
    const moved = ctx.store.transition(p.id, p.version, to, {
      actor: ctx.agentId,
      runId: ctx.subject.run_id,
      reason: result.summary,
      result: record,
    })
    emit(ctx, moved, `proposal.${to}`, result.summary, { result: record })
    if (result.status === 'ok') return { kind: 'executed', proposal: moved }
    return { kind: 'failed', proposal: moved, reason: result.error }
  } catch (err) {
    // The kill switch cancelled it while it ran: the result is still recorded.
    if (!isOperatorError(err)) throw err
    const latest = ctx.store.proposal(p.id)
    ctx.store.append({
      run_id: ctx.subject.run_id,
      actor: ctx.agentId,
      type: 'proposal.late_result',
      payload: { proposal_id: p.id, status: latest.status, result: record },
    })
    ctx.logger.warn(
      { event: 'proposal.late_result', proposal_id: p.id, status: latest.status, result: record },
      `finished after it was ${latest.status}`,
    )
    return { kind: 'cancelled', proposal: latest, reason: `${latest.status} while executing` }
  }
}

export async function waitForDecision(ctx: AgentContext, proposal: Proposal, signal: AbortSignal): Promise<Proposal> {
  const deadline = ctx.clock.now() + ctx.settings.approvalTimeoutMs
  let p = proposal
  while (p.status === 'awaiting_approval') {
    if (ctx.clock.now() >= deadline) {
      try {
        return move(ctx, p, 'expired', `no decision within ${Math.round(ctx.settings.approvalTimeoutMs / 1000)} s`)
      } catch (err) {
        if (!isOperatorError(err)) throw err
      }
    }
    if (signal.aborted) return ctx.store.proposal(p.id)
    await ctx.clock.sleep(ctx.settings.pollMs, signal).catch(() => undefined)
    p = ctx.store.proposal(p.id)
  }
  if (p.status === 'approved' || p.status === 'denied') emit(ctx, p, `proposal.${p.status}`, p.reason ?? p.status)
  return p
}

export function move(
  ctx: AgentContext,
  p: Proposal,
  to: Proposal['status'],
  reason: string,
  details?: Record<string, unknown>,
  governance?: TransitionOptions['governance'],
): Proposal {
  const moved = ctx.store.transition(p.id, p.version, to, {
    actor: ctx.agentId,
    runId: ctx.subject.run_id,
    reason,
    ...(details ? { details } : {}),
    ...(governance ? { governance } : {}),
  })
  emit(ctx, moved, `proposal.${to}`, reason, details)
  return moved
}

/** One NDJSON line per loop stage, with the proposal's identity. */
export function emit(
  ctx: AgentContext,
  p: Proposal,
  event: string,
  message: string,
  fields?: Record<string, unknown>,
): void {
  ctx.logger.info(
    {
      event,
      proposal_id: p.id,
      ticket_id: p.ticket_id,
      action: p.action,
      params: p.params,
      status: p.status,
      attempt: p.attempt,
      ...fields,
    },
    message,
  )
}
