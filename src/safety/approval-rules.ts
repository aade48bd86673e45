/**
 * How many people a proposal needs and whether it has them — one pure
 * function used when an approval is recorded or revoked, by the execution
 * gate, and by every view of a proposal. Policy and approval mode combine:
 * deny → never; require_approval → its N distinct people in every mode;
 * allow → the system in auto mode (tiers 1–2), one person in manual mode;
 * tier 3 always a person; a high session risk score adds one more. People
 * are counted by identity (approver-identity.ts), not by the names given.
 */
import type { Approval, Modes, Proposal } from '../core/records.js'
import { distinctPeople, identityProblem } from './approver-identity.js'

export const SYSTEM_ACTOR = 'system'

export interface ApprovalStatus {
  /** Distinct people still needed in total (0: the system may approve). */
  required_people: number
  /** People whose approval counts now (one name per person). */
  counted: string[]
  /** Approvals that do not count, with why. */
  discounted: { actor: string; why: string }[]
  /** Whether a system approval is enough. */
  system_may_approve: boolean
  complete: boolean
  denied: boolean
  reason: string
}

export function requiredPeople(
  p: Pick<Proposal, 'policy' | 'risk_assessment' | 'tier'>,
  modes: Pick<Modes, 'approval'>,
): number {
  const extra = p.risk_assessment?.extra_approvals ?? 0
  const policy = p.policy
  if (!policy) return 1 + extra
  if (policy.decision === 'require_approval') return Math.max(1, policy.min_approvals) + extra
  const person = modes.approval === 'manual' || p.tier === 3 ? 1 : 0
  return person + extra
}

export function approvalStatus(
  p: Proposal,
  approvals: readonly Approval[],
  modes: Pick<Modes, 'approval'>,
  now: number,
): ApprovalStatus {
  const denied = p.policy?.decision === 'deny' || p.risk_assessment?.deny === true
  const required = requiredPeople(p, modes)
  const standing: Approval[] = []
  const discounted: { actor: string; why: string }[] = []
  for (const a of approvals) {
    if (a.actor === SYSTEM_ACTOR) continue
    const identity = identityProblem(p, a)
    if (a.decision !== 'approve') discounted.push({ actor: a.actor, why: 'rejected' })
    else if (a.revoked_at !== null) discounted.push({ actor: a.actor, why: 'revoked' })
    else if (a.expires_at !== null && a.expires_at <= now) discounted.push({ actor: a.actor, why: 'expired' })
    else if (a.content_hash !== p.content_hash) discounted.push({ actor: a.actor, why: 'approved different content' })
    else if (p.policy?.approvers && !p.policy.approvers.includes(a.actor))
      discounted.push({ actor: a.actor, why: `not an allowed approver for ${p.policy.rule_id}` })
    else if (identity !== null) discounted.push({ actor: a.actor, why: identity })
    else standing.push(a)
  }
  const people = distinctPeople(p, standing)
  const counted = people.counted
  discounted.push(...people.discounted)
  const rejected = approvals.some((a) => a.decision === 'reject' && a.revoked_at === null)
  const systemOk = required === 0 && !denied
  const systemApproved = approvals.some(
    (a) => a.actor === SYSTEM_ACTOR && a.decision === 'approve' && a.content_hash === p.content_hash,
  )
  const complete =
    !denied && !rejected && (required === 0 ? systemApproved || counted.length > 0 : counted.length >= required)
  const underRule = p.policy ? ` under ${p.policy.rule_id}` : ''
  const fromApprovers = p.policy?.approvers ? ` from ${p.policy.approvers.join(', ')}` : ''
  const reason = denied
    ? p.risk_assessment?.deny
      ? `session risk score ${p.risk_assessment.session_score} is above the deny threshold`
      : `denied by ${p.policy?.rule_id}`
    : rejected
      ? 'rejected by a person'
      : required === 0
        ? systemApproved || counted.length > 0
          ? 'approved'
          : 'the system may approve (policy allows, auto mode)'
        : `${counted.length}/${required} distinct approval(s)${underRule}${fromApprovers}`
  return {
    required_people: required,
    counted,
    discounted,
    system_may_approve: systemOk,
    complete,
    denied: denied || rejected,
    reason,
  }
}
