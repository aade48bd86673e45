/**
 * One remediation candidate: its steps proposed and run through the governed
 * loop in order (the first may resume a proposal an agent left behind), the
 * rest of the plan recorded when observe mode stops it, then verified after
 * the last step (verify.ts).
 */
import type { Proposal, Ticket } from '../core/records.js'
import type { Candidate, Triage } from '../core/subject.js'
import type { AgentContext } from './context.js'
import { approveAndExecute, emit, proposeAndRun, type StepOutcome } from './run-step.js'
import { type VerifyOutcome, verify } from './verify.js'

export type CandidateOutcome =
  | VerifyOutcome
  /** A diagnostic plan ran: its proposals end verified by their own result, which goes back to the brain. */
  | { kind: 'diagnosed'; last: Proposal }
  | { kind: 'deferred'; reason: string; triage: Triage & { cause: string } }
  | { kind: 'observed' | 'superseded' | 'cancelled'; reason: string }
  /** A candidate that did not repair it, with the proposal where it stopped (an escalation reports it). */
  | {
      kind: 'invalid' | 'denied' | 'expired' | 'failed' | 'verify_failed' | 'refused'
      reason: string
      proposal?: Proposal
    }

export async function runCandidate(
  ctx: AgentContext,
  ticket: Ticket,
  candidate: Candidate,
  attempt: number,
  signal: AbortSignal,
  observation: unknown,
  resume?: Proposal,
): Promise<CandidateOutcome> {
  const executed: Proposal[] = []
  const firstStep = resume ? resume.step : 0
  for (let step = firstStep; step < candidate.steps.length; step++) {
    const planned = candidate.steps[step]
    if (!planned) break
    const outcome: StepOutcome =
      resume && step === firstStep
        ? await approveAndExecute(ctx, ticket, resume, signal)
        : await proposeAndRun(
            ctx,
            ticket,
            planned,
            { attempt, step, steps: candidate.steps.length, rationale: candidate.rationale },
            signal,
            observation,
          )
    if (outcome.kind === 'executed') {
      executed.push(outcome.proposal)
      continue
    }
    if (outcome.kind === 'observed') {
      // Record the rest of the plan too, so a person sees everything it would have done.
      for (let rest = step + 1; rest < candidate.steps.length; rest++) {
        const next = candidate.steps[rest]
        if (next)
          await proposeAndRun(
            ctx,
            ticket,
            next,
            { attempt, step: rest, steps: candidate.steps.length, rationale: candidate.rationale },
            signal,
            observation,
          )
      }
      return { kind: 'observed', reason: outcome.reason }
    }
    if (outcome.kind === 'superseded' || outcome.kind === 'cancelled')
      return { kind: outcome.kind, reason: outcome.reason }
    if (outcome.kind === 'deferred') return { kind: 'deferred', reason: outcome.reason, triage: outcome.triage }
    return { kind: outcome.kind, reason: outcome.reason, proposal: outcome.proposal }
  }
  return candidate.diagnostic ? diagnosed(ctx, ticket, executed) : verify(ctx, ticket, executed, signal)
}

/** A diagnostic plan repairs nothing: nothing to verify against the violation; the action's own result is its check. */
function diagnosed(ctx: AgentContext, ticket: Ticket, executed: Proposal[]): CandidateOutcome {
  const last = executed.at(-1)
  if (!last) return { kind: 'failed', reason: 'nothing was executed' }
  for (const p of executed) {
    const current = ctx.store.proposal(p.id)
    if (current.status !== 'executed') continue
    const reason = 'a diagnostic step: checked by the action itself; its result went back to the brain'
    const moved = ctx.store.transition(p.id, current.version, 'verified', {
      actor: ctx.agentId,
      runId: ticket.run_id,
      reason,
    })
    emit(ctx, moved, 'proposal.verified', reason)
  }
  return { kind: 'diagnosed', last: ctx.store.proposal(last.id) }
}
