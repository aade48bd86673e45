/**
 * One step of a plan through the loop: propose → validate → approve →
 * (re-check the violation) → execute. Verification happens after the last
 * step of a candidate (see remediate.ts).
 */
import type { Proposal, Ticket } from '../core/records.js'
import type { ActionKind, PlannedAction, Risk, Tier } from '../core/subject.js'
import { approvalStatus, SYSTEM_ACTOR } from '../safety/approval-rules.js'
import { recordApproval } from '../safety/approvals.js'
import { beginExecution } from '../safety/execution-gate.js'
import { evaluatePolicy } from '../safety/policy/evaluate-policy.js'
import { validationRisk } from '../safety/policy/policy-risk.js'
import { assessRisk, DEFAULT_RISK_SETTINGS, executedFromEvents } from '../safety/risk.js'
import { type AgentContext, ticketState } from './context.js'
import { healthyTarget } from './healthy-target.js'
import { emit, execute, move, type StepOutcome, waitForDecision } from './step-stages.js'
import { validateAction } from './validate.js'

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
  const { store, subject, agentId } = ctx
  const found = subject.actions.find((a) => a.name === planned.action)
  let p = store.createProposal({
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
    created_by: agentId,
  })
  emit(ctx, p, 'proposal.proposed', pos.rationale, { rationale: pos.rationale, step: pos.step + 1, steps: pos.steps })
  const v = validateAction(subject.actions, p.action, p.params)
  const healthy =
    v.ok && how.checkViolation !== false && observation !== undefined
      ? healthyTarget(subject, ticket.key, p.params, observation)
      : null
  if (!v.ok || healthy !== null) {
    const reason = v.ok ? (healthy ?? '') : v.reason
    p = move(ctx, p, 'invalid', reason)
    return { kind: 'invalid', proposal: p, reason }
  }
  const governance = assess(ctx, p, v.action.kind, v.risk, v.tier, observation)
  const { policy, risk_assessment: risk } = governance
  const paramFactors = risk.param_factors.length ? ` (${risk.param_factors.join(', ')})` : ''
  const riskNote = `risk ${risk.effective}${paramFactors}, session score ${risk.session_score}`
  const summary = `params valid; ${policy.reason}; ${riskNote}, tier ${v.tier}`
  p = move(ctx, p, 'validated', summary, { tier: v.tier }, governance)
  if (policy.decision === 'deny' || risk.deny) {
    const reason =
      policy.decision === 'deny'
        ? `denied by policy: ${policy.reason}`
        : `denied: session risk score ${risk.session_score} (${risk.session_factors.join('; ')})`
    p = move(ctx, p, 'denied', reason)
    return { kind: 'denied', proposal: p, reason }
  }
  return approveAndExecute(ctx, ticket, p, signal, how)
}

/**
 * Risk assessment and policy decision for a proposal being validated. The
 * policy is matched on the effective risk (base raised by the params'
 * factors); the session score keeps its own thresholds (approvals, deny).
 */
function assess(ctx: AgentContext, p: Proposal, kind: ActionKind, base: Risk, tier: Tier, observation: unknown) {
  const now = ctx.clock.now()
  // The session is this run: another run's repairs (an earlier scenario run, say) do not raise this one's risk.
  const recent = executedFromEvents(
    ctx.store.events({
      types: ['proposal.executing'],
      sinceTs: now - DEFAULT_RISK_SETTINGS.windowMs,
      runId: ctx.subject.run_id,
    }),
  )
  const paramFactors =
    observation === undefined ? [] : (ctx.subject.riskFactors?.(p.action, p.params, observation as never) ?? [])
  const risk_assessment = assessRisk({ base, action: p.action, params: p.params, paramFactors, recent, now })
  const matched = validationRisk(risk_assessment)
  const policy = evaluatePolicy(ctx.governance.policy, {
    action: p.action,
    kind,
    subject: ctx.subject.name,
    risk: matched.risk,
    risk_basis: matched.basis,
    tier,
  })
  return { policy, risk_assessment }
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
  let p = proposal
  if (p.status === 'validated') {
    const modes = store.modes()
    if (modes.safety === 'observe') {
      p = move(ctx, p, 'observed', 'observe mode: recorded, not executed')
      return { kind: 'observed', proposal: p, reason: 'observe mode' }
    }
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
      { proposalId: p.id, expectedVersion: p.version, agentId: ctx.agentId, runId: ticket.run_id },
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
      const modesNow = store.modes()
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
