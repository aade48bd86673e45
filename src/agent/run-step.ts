/**
 * One step of a plan through the loop: propose → validate → approve →
 * (re-check the violation) → execute. Verification happens after the last
 * step of a candidate (see remediate.ts).
 */
import type { Proposal, Ticket } from '../core/records.js'
import type { PlannedAction } from '../core/subject.js'
import { approvalStatus, SYSTEM_ACTOR } from '../safety/approval-rules.js'
import { recordApproval } from '../safety/approvals.js'
import { beginExecution } from '../safety/execution-gate.js'
import { type AgentContext, ticketState } from './context.js'
import { emit, execute, move, type StepOutcome, waitForDecision } from './step-stages.js'
import { validateStep } from './validate-step.js'

export { emit, type StepOutcome } from './step-stages.js'

/** How a step is governed when it is not the agent's own remediation (a scenario's rollback). */
export interface StepHow {
  /** A person who approves it as they propose it (a scenario's author): one approval, counted like any other. */
  author?: string
  /** Whether the ticket's violation must still be present before executing (false: the step is not about a violation). */
  checkViolation?: boolean
}

export interface StepPosition {
  attempt: number
  step: number
  steps: number
  rationale: string
}

/** Creates the proposal for a planned action and runs it through the loop. */
export async function proposeAndRun(
  ctx: AgentContext,
  ticket: Ticket,
  planned: PlannedAction,
  pos: StepPosition,
  signal: AbortSignal,
  observation?: unknown,
  how: StepHow = {},
): Promise<StepOutcome> {
  const p = createStep(ctx, ticket, planned, pos, ctx.agentId)
  const validated = validateStep(ctx, ticket, p, observation, how.checkViolation !== false)
  if (validated.kind !== 'validated') return validated
  return approveAndExecute(ctx, ticket, validated.proposal, signal, how)
}

/** Records a planned step as a `proposed` proposal by `createdBy`, its risk and tier from the catalogue. */
export function createStep(
  ctx: AgentContext,
  ticket: Ticket,
  planned: PlannedAction,
  pos: StepPosition,
  createdBy: string,
): Proposal {
  const found = ctx.subject.actions.find((a) => a.name === planned.action)
  const p = ctx.store.createProposal({
    ticket_id: ticket.id,
    run_id: ticket.run_id,
    attempt: pos.attempt,
    step: pos.step,
    steps: pos.steps,
    action: planned.action,
    params: planned.params,
    risk: found?.risk ?? 'critical',
    tier: found?.tier ?? 3,
    rationale: pos.rationale,
    created_by: createdBy,
  })
  const fields = { rationale: pos.rationale, step: pos.step + 1, steps: pos.steps, created_by: createdBy }
  emit(ctx, p, 'proposal.proposed', pos.rationale, fields)
  return p
}

/**
 * The approval stage of a validated proposal, by the modes and policy now:
 * observe mode → observed; the system approves what policy allows in auto
 * mode; a scenario's author approves their own step; else it awaits people.
 * Any other status passes through unchanged.
 */
export function approvalStage(ctx: AgentContext, ticket: Ticket, proposal: Proposal, how: StepHow = {}): Proposal {
  const { store } = ctx
  let p = proposal
  if (p.status === 'validated') {
    const modes = store.modes(ctx.subject.run_id)
    if (modes.safety === 'observe') return move(ctx, p, 'observed', 'observe mode: recorded, not executed')
    const status = approvalStatus(p, store.approvals(p.id), modes, ctx.clock.now())
    if (how.author !== undefined) {
      p = move(ctx, p, 'awaiting_approval', `proposed by ${how.author}, who approves it`, {
        params: p.params,
        content_hash: p.content_hash,
        required: status.required_people,
      })
      p = recordApproval(
        store,
        {
          proposalId: p.id,
          actor: how.author,
          decision: 'approve',
          comment: 'the scenario author',
          runId: ticket.run_id,
          expectedHash: p.content_hash,
        },
        ctx.governance.key(),
      )
      emit(ctx, p, `proposal.${p.status}`, `approved by ${how.author}`)
    } else if (status.system_may_approve) {
      p = recordApproval(
        store,
        {
          proposalId: p.id,
          actor: SYSTEM_ACTOR,
          decision: 'approve',
          comment: 'policy allows it in auto approval mode',
          runId: ticket.run_id,
        },
        ctx.governance.key(),
      )
      emit(ctx, p, 'proposal.approved', `approved by ${SYSTEM_ACTOR} (${p.policy?.rule_id ?? 'policy'}, auto mode)`)
    } else {
      const why = p.tier === 3 ? 'tier 3 needs a person' : status.reason
      p = move(ctx, p, 'awaiting_approval', `${why}: operator approve ${p.id} --as NAME`, {
        params: p.params,
        content_hash: p.content_hash,
        required: status.required_people,
      })
    }
  }
  return p
}

/** Continues a validated (or adopted awaiting/approved) proposal to execution. */
export async function approveAndExecute(
  ctx: AgentContext,
  ticket: Ticket,
  proposal: Proposal,
  signal: AbortSignal,
  how: StepHow = {},
): Promise<StepOutcome> {
  const { store } = ctx
  let p = approvalStage(ctx, ticket, proposal, how)
  if (p.status === 'observed') return { kind: 'observed', proposal: p, reason: 'observe mode' }
  for (;;) {
    if (p.status === 'awaiting_approval') p = await waitForDecision(ctx, p, signal)
    if (p.status === 'cancelled') return { kind: 'cancelled', proposal: p, reason: p.reason ?? 'cancelled' }
    if (p.status === 'denied') return { kind: 'denied', proposal: p, reason: p.reason ?? 'denied' }
    if (p.status === 'expired') return { kind: 'expired', proposal: p, reason: p.reason ?? 'expired' }
    if (p.status !== 'approved') return { kind: 'cancelled', proposal: p, reason: `unexpected state ${p.status}` }
    if (how.checkViolation !== false) {
      const now = await ticketState(ctx, ticket.key, signal)
      if (!now.violation) {
        p = move(ctx, p, 'superseded', 'the violation is gone: nothing to do')
        return { kind: 'superseded', proposal: p, reason: 'violation gone before execution' }
      }
      const cause = now.triage?.cause
      if (now.triage && cause != null && cause !== ticket.key) {
        const reason = `${ticket.key} now follows from ${cause}: ${now.triage.reason}`
        p = move(ctx, p, 'superseded', `${reason}; a victim is not acted on`)
        return { kind: 'deferred', proposal: p, reason, triage: { ...now.triage, cause } }
      }
    }
    const action = ctx.subject.actions.find((a) => a.name === p.action)
    const gate = beginExecution(
      store.db,
      {
        proposalId: p.id,
        expectedVersion: p.version,
        agentId: ctx.agentId,
        runId: ticket.run_id,
        ...(ticket.claimed_by === ctx.agentId ? { lease: { ticketId: ticket.id, lease: ticket.lease } } : {}),
      },
      {
        key: ctx.governance.key(),
        ...(action ? { policy: { loaded: ctx.governance.policy, subject: ctx.subject.name, kind: action.kind } } : {}),
      },
      ctx.clock.now(),
    )
    if (gate.status === 'needs_approval') {
      p = gate.proposal
      emit(ctx, p, 'proposal.awaiting_approval', `${gate.reason}: operator approve ${p.id} --as NAME`, {
        params: p.params,
        content_hash: p.content_hash,
      })
      continue
    }
    if (gate.status === 'refused') {
      const latest = store.proposal(p.id)
      const modesNow = store.modes(ctx.subject.run_id)
      ctx.logger.warn(
        {
          event: 'proposal.refused',
          proposal_id: p.id,
          ticket_id: p.ticket_id,
          reason: gate.reason,
          status: latest.status,
        },
        `execution refused: ${gate.reason}`,
      )
      // Stopped by the kill switch or observe mode: nothing more to do. Refused for any other reason: a person must look.
      const stopped = latest.status === 'cancelled' || modesNow.kill_latched || modesNow.safety !== 'execute'
      return { kind: stopped ? 'cancelled' : 'refused', proposal: latest, reason: gate.reason }
    }
    return execute(ctx, gate.proposal, signal)
  }
}
