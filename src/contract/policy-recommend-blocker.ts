/**
 * What holds a proposal back under the policy in force, for `policy
 * recommend`: a rule (or the default) that denies it, or one that needs more
 * people than have approved. Anything else — denied by a person or by the
 * session risk score, allowed and waiting for a person or the system, past
 * that stage — is not the policy's doing: a conflict that says so.
 */
import { OperatorError } from '../core/errors.js'
import type { PolicyDecision, Proposal } from '../core/records.js'
import { actionCatalogue } from '../registry/subjects.js'
import { approvalStatus } from '../safety/approval-rules.js'
import { type ActionFacts, evaluatePolicy } from '../safety/policy/evaluate-policy.js'
import { recordedRisk } from '../safety/policy/policy-risk.js'
import type { ContractDeps } from './common.js'

/** Why the proposal is blocked, under the policy in force now. */
export interface Blocker {
  kind: 'denied' | 'needs_approvals'
  decision: PolicyDecision
  /** Index of the deciding rule, or null for the default. */
  index: number | null
  /** Distinct people whose approvals count now. */
  counted: number
}

/** The facts the policy is matched on for a proposal: as the execution gate matches them (the recorded risk). */
export function proposalFacts(deps: ContractDeps, p: Proposal): ActionFacts {
  const subject = deps.store.ticket(p.ticket_id).subject
  const spec = actionCatalogue(subject).find((a) => a.name === p.action)
  if (!spec)
    throw new OperatorError(
      'not_found',
      `${p.id}'s action ${p.action} is not in the ${subject} catalogue`,
      'a policy patch can only be recommended for a known action',
    )
  const risk = recordedRisk(p)
  return { action: p.action, kind: spec.kind, subject, risk: risk.risk, risk_basis: risk.basis, tier: p.tier }
}

const notBlocked = (message: string, fix: string) => new OperatorError('conflict', message, fix)

/** The rule (or default) blocking `p` under `deps.policy`, or an OperatorError (conflict) saying it is not blocked by it. */
export function findBlocker(deps: ContractDeps, p: Proposal, facts: ActionFacts): Blocker {
  const decision = evaluatePolicy(deps.policy, facts)
  const index = deps.policy.policy.rules.findIndex((r) => r.id === decision.rule_id)
  const at = { decision, index: index === -1 ? null : index }
  const source = deps.policy.source
  if (p.status === 'denied') {
    if (p.policy?.decision !== 'deny')
      throw notBlocked(
        `${p.id} was denied, but not by the policy (${p.reason ?? 'no reason recorded'})`,
        `a policy patch cannot change that; see \`operator explain ${p.id}\``,
      )
    if (decision.decision !== 'deny')
      throw notBlocked(
        `${p.id} was denied by ${p.policy.rule_id}, but the policy in force (${source}) no longer denies it: ${decision.reason}`,
        'nothing to patch: the agent proposes it again on its next attempt',
      )
    return { kind: 'denied', ...at, counted: 0 }
  }
  if (p.status !== 'validated' && p.status !== 'awaiting_approval')
    throw notBlocked(
      `${p.id} is ${p.status}: it is not blocked by the policy or by approvals`,
      'recommend a patch for a proposal that is denied or awaiting approval (`operator proposals`)',
    )
  if (decision.decision === 'deny') return { kind: 'denied', ...at, counted: 0 }
  const status = approvalStatus(
    p,
    deps.store.approvals(p.id),
    deps.store.modes(deps.store.proposalRun(p.id)),
    deps.clock.now(),
  )
  if (decision.decision === 'allow')
    throw notBlocked(
      `the policy in force (${source}) allows ${p.id} (${decision.rule_id}): it waits for ${status.reason}, not for the policy`,
      `approve it with \`operator approve ${p.id} --as NAME\`, or use auto approval: \`operator mode --approval auto\``,
    )
  const counted = status.counted.length
  if (counted >= decision.min_approvals)
    throw notBlocked(
      `${p.id} has the ${decision.min_approvals} approval(s) ${decision.rule_id} asks for; it waits for ${status.reason}`,
      `the session risk score asks for more people: \`operator approve ${p.id} --as NAME\``,
    )
  if (decision.min_approvals <= 1 && facts.tier === 3)
    throw notBlocked(
      `${p.id} is a tier 3 action (${p.action}): it always needs a person, whatever the policy says`,
      `approve it: \`operator approve ${p.id} --as NAME\``,
    )
  return { kind: 'needs_approvals', ...at, counted }
}
