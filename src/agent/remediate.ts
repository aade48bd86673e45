/**
 * Remediation of one claimed ticket: diagnose with the subject's playbook,
 * try ranked candidates (bounded), verify each after its last step, and
 * resolve or escalate the ticket — an escalation carries the failed
 * attempts, their log excerpt and the subject's advice (escalation.ts).
 * Adopts proposals a dead agent left behind.
 */

import type { Brain } from '../brain/brain.js'
import { playbookBrain } from '../brain/playbook-brain.js'
import type { Ticket } from '../core/records.js'
import type { Candidate, FailedAttempt } from '../core/subject.js'
import { triageOf } from '../core/triage.js'
import type { AgentContext } from './context.js'
import { type EscalationEvidence, escalationEvidence, failedAttempt } from './escalation.js'
import { isExternal } from './external-plans.js'
import { runCandidate } from './run-candidate.js'
import { defer, finish } from './settle.js'

/** deferred: the ticket follows from another root and was handed back, linked to it. */
export type TicketOutcome = 'resolved' | 'escalated' | 'cancelled' | 'deferred'

export async function remediate(ctx: AgentContext, ticket: Ticket, signal: AbortSignal): Promise<TicketOutcome> {
  const { store, subject, logger } = ctx
  const observation = await subject.observe(signal)
  const present = subject.checker.evaluate(observation)
  const violation = present.find((v) => v.key === ticket.key)
  if (!violation) {
    finish(ctx, ticket, 'resolved', 'violation gone before diagnosis')
    return 'resolved'
  }
  // The whole observation first: a victim of another root is handed back to follow it, never acted on.
  const triage = triageOf(subject.playbook, present, observation).get(ticket.key)
  if (triage?.cause != null && triage.cause !== ticket.key)
    return defer(ctx, ticket, { ...triage, cause: triage.cause }, 'diagnosis')
  const previous = store.proposals({ ticketId: ticket.id })
  // An agent's own steps left between states are resumed; a plan from outside (MCP) runs as its own plan.
  const adopted = previous.filter(
    (p) => !isExternal(p) && (p.status === 'awaiting_approval' || p.status === 'approved' || p.status === 'validated'),
  )
  let attempt = previous.reduce((max, p) => Math.max(max, p.attempt + 1), 0)
  const failures: FailedAttempt[] = []
  const evidence = (reason: string) =>
    escalationEvidence(
      reason,
      failures,
      failures.length > 0 ? (subject.playbook.advise?.(violation, failures) ?? null) : null,
    )
  const brain = brainOf(ctx)
  const session = brain.open({ ticket, violation, observation })
  try {
    // Plans that were invalid (nothing ran) do not count as attempts; every plan counts towards the hard bound.
    let attempts = 0
    for (let plans = 0; attempts < ctx.settings.maxAttempts && plans < 3 * ctx.settings.maxAttempts; plans++) {
      const step = await session.next(signal)
      if (step.kind === 'escalate')
        return escalate(ctx, ticket, step.code, step.reason, failures.length > 0 ? evidence(step.reason) : undefined)
      diagnosed(ctx, brain, ticket, violation, step.plan, plans)
      const resume = plans === 0 ? adopted.at(-1) : undefined
      const outcome = await runCandidate(
        ctx,
        ticket,
        step.plan,
        resume ? resume.attempt : attempt,
        signal,
        observation,
        resume,
      )
      attempt++
      // Invalid plans ran nothing and diagnostic ones repair nothing: neither is an attempt at a repair.
      if (outcome.kind !== 'invalid' && outcome.kind !== 'diagnosed') attempts++
      const stopped = 'proposal' in outcome && outcome.proposal !== undefined ? outcome.proposal : null
      if (stopped && 'reason' in outcome) failures.push(failedAttempt(outcome.kind, stopped, outcome.reason))
      const last = 'last' in outcome ? outcome.last : stopped
      session.report({
        kind: outcome.kind,
        reason: 'reason' in outcome ? outcome.reason : `${ticket.key} no longer violated`,
        proposal_id: last?.id ?? null,
        result: last ? store.proposal(last.id).result : null,
      })
      switch (outcome.kind) {
        case 'verified':
          finish(ctx, ticket, 'resolved', `verified after ${outcome.last.action}`)
          // What followed from this root and is gone now resolves with it, without waiting for the monitor.
          resolveWithRoot(ctx, ticket, outcome.present)
          return 'resolved'
        case 'handed_on':
          return defer(ctx, ticket, outcome.triage, `verification after ${outcome.last.action}`)
        case 'deferred':
          return defer(ctx, ticket, outcome.triage, 'the execution check')
        case 'superseded':
          finish(ctx, ticket, 'resolved', 'the violation went away on its own')
          return 'resolved'
        case 'observed':
          return escalate(ctx, ticket, 'observe_mode', 'observe mode: the plan was recorded, nothing executed')
        case 'cancelled':
          return 'cancelled'
        case 'diagnosed':
          break
        case 'refused': {
          const reason = `the execution gate refused: ${outcome.reason}`
          return escalate(ctx, ticket, 'execution_refused', reason, evidence(reason))
        }
        default:
          logger.warn(
            {
              event: 'agent.candidate_failed',
              ticket_id: ticket.id,
              attempt: plans + 1,
              outcome: outcome.kind,
              reason: outcome.reason,
            },
            `plan ${plans + 1} ${outcome.kind}: ${outcome.reason}`,
          )
      }
    }
    const reason = `no plan repaired ${ticket.key} after ${attempts} attempt(s)`
    return escalate(ctx, ticket, 'candidates_exhausted', reason, evidence(reason))
  } finally {
    await session.close()
  }
}

/** The brain this agent plans with: the subject's playbook unless another was chosen. */
function brainOf(ctx: AgentContext) {
  return ctx.brain ?? playbookBrain(ctx.subject.playbook as never)
}

/** Records a plan the brain made for the ticket: the audit event and the Agent panel's diagnosis line. */
function diagnosed(
  ctx: AgentContext,
  brain: Brain,
  ticket: Ticket,
  violation: unknown,
  plan: Candidate,
  index: number,
): void {
  const diagnosis = {
    ticket_id: ticket.id,
    key: ticket.key,
    brain: brain.name,
    model: brain.model,
    plan: index + 1,
    candidates: [{ steps: plan.steps, rationale: plan.rationale, evidence: plan.evidence, score: plan.score }],
  }
  ctx.store.append({ run_id: ticket.run_id, actor: ctx.agentId, type: 'agent.diagnosed', payload: diagnosis })
  ctx.logger.info({ event: 'agent.diagnosed', ...diagnosis, violation }, `diagnosis: ${plan.rationale}`)
}

function escalate(
  ctx: AgentContext,
  ticket: Ticket,
  code: string,
  reason: string,
  evidence?: EscalationEvidence,
): TicketOutcome {
  finish(ctx, ticket, 'escalated', reason, code, evidence)
  return 'escalated'
}

/** Hands the ticket back, linked to the root it follows from (ticket-defer.ts). */
/** Resolves the run's open tickets (this root's consequences among them) whose violation the verification no longer saw. */
function resolveWithRoot(ctx: AgentContext, ticket: Ticket, present: readonly string[]): void {
  for (const t of ctx.store.resolveAbsent(ticket.run_id, new Set(present), ctx.agentId))
    ctx.logger.info(
      { event: 'ticket.resolved', ticket_id: t.id, key: t.key, reason: 'resolved with its root', root: ticket.id },
      `${t.key} resolved with ${ticket.id}`,
    )
}
