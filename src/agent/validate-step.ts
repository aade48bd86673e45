/**
 * Validation of a proposed step, whoever proposed it (the agent's brain, an
 * outside agent through `operator mcp`): params by the action's schema, the
 * healthy-target guard, then the policy matched on the effective risk and the
 * session risk score. One function, so every proposal passes the same checks.
 */
import type { Proposal, Ticket } from '../core/records.js'
import type { ActionKind, Risk, Tier } from '../core/subject.js'
import { evaluatePolicy } from '../safety/policy/evaluate-policy.js'
import { validationRisk } from '../safety/policy/policy-risk.js'
import { assessRisk, DEFAULT_RISK_SETTINGS, executedFromEvents } from '../safety/risk.js'
import type { AgentContext } from './context.js'
import { healthyTarget } from './healthy-target.js'
import { move } from './step-stages.js'
import { validateAction } from './validate.js'

/** How a freshly proposed step came out of validation: validated (to the approval stage), or stopped with why. */
export type ValidatedStep =
  | { kind: 'validated'; proposal: Proposal }
  | { kind: 'invalid' | 'denied'; proposal: Proposal; reason: string }

/**
 * Moves a `proposed` proposal to validated, invalid or denied. The healthy-target
 * guard applies when the step is about the ticket's violation and an observation is given.
 */
export function validateStep(
  ctx: AgentContext,
  ticket: Ticket,
  proposal: Proposal,
  observation: unknown,
  checkViolation = true,
): ValidatedStep {
  let p = proposal
  const v = validateAction(ctx.subject.actions, p.action, p.params)
  const healthy =
    v.ok && checkViolation && observation !== undefined
      ? healthyTarget(ctx.subject, ticket.key, p.params, observation)
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
  return { kind: 'validated', proposal: p }
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
