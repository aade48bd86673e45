/**
 * The reasons governance gives: a denial (by the policy's rule, the session
 * risk score, or a person), approvals still missing (how many more, from whom,
 * who approved), and an execution token that cannot be used.
 */
import type { Proposal } from '../core/records.js'
import { approvalStatus } from '../safety/approval-rules.js'
import { tokensFor } from '../safety/tokens.js'
import type { BlockingReason } from './blocking-codes.js'
import { type ExplainFacts, eventsOf, latest, ruleRef, seqRef, verify } from './explain-facts.js'

export function denialReason(f: ExplainFacts, p: Proposal): BlockingReason | null {
  if (p.status !== 'denied') return null
  const denied = latest(f, ['proposal.denied'], p.id)
  const at = denied ? [seqRef(denied)] : []
  const show = verify(`operator proposal ${p.id}`)
  if (p.reason?.startsWith('rejected by')) {
    const rejections = eventsOf(f, p.id).filter(
      (e) => e.type === 'approval.recorded' && e.payload.decision === 'reject',
    )
    return { code: 'rejected', message: p.reason, evidence: [...rejections.map(seqRef), ...at, show] }
  }
  if (p.risk_assessment?.deny) {
    const r = p.risk_assessment
    const factors = r.session_factors.length > 0 ? ` (${r.session_factors.join('; ')})` : ''
    return {
      code: 'denied_by_risk',
      message: `session risk score ${r.session_score} is above the deny threshold${factors}: nothing this risky runs in this session`,
      evidence: [...at, show],
    }
  }
  const reapplied = latest(f, ['policy.reapplied'], p.id)
  const rule = p.policy?.rule_id ?? 'unknown'
  const inForce = f.deps.policy
  const changed =
    p.policy && p.policy.policy_digest !== inForce.digest
      ? `; the policy in force now (${inForce.digest.slice(0, 12)}, ${inForce.source}) differs from the one that decided`
      : ''
  return {
    code: 'denied_by_policy',
    message: `rule ${rule} denies ${p.action}${p.reason ? `: ${p.reason}` : ''}${changed}`,
    evidence: [
      ...at,
      ...(reapplied ? [seqRef(reapplied)] : []),
      ...ruleRef(p),
      verify(`operator policy explain ${p.action}`),
    ],
  }
}

export function approvalsReason(f: ExplainFacts, p: Proposal): BlockingReason | null {
  if (p.status !== 'awaiting_approval') return null
  const status = approvalStatus(
    p,
    f.deps.store.approvals(p.id),
    f.deps.store.modes(f.deps.store.proposalRun(p.id)),
    f.now,
  )
  if (status.complete || status.denied) return null
  const more = Math.max(1, status.required_people - status.counted.length)
  const approved =
    status.counted.length > 0 ? `; approved by ${status.counted.join(', ')}` : '; nobody has approved yet'
  const discounted = status.discounted.map((d) => `${d.actor} (${d.why})`).join(', ')
  const notCounted = discounted ? `; not counted: ${discounted}` : ''
  const waiting = latest(f, ['proposal.awaiting_approval'], p.id)
  const decisions = eventsOf(f, p.id).filter((e) => e.type === 'approval.recorded' || e.type === 'approval.revoked')
  return {
    code: 'needs_approvals',
    message:
      `needs ${more} more approval${more === 1 ? '' : 's'} (${status.counted.length}/${status.required_people}` +
      `${p.policy ? ` under ${p.policy.rule_id}` : ''}, ${whoMayApprove(f, p)})${approved}${notCounted}` +
      `: \`operator approve ${p.id} --as NAME\``,
    evidence: [
      ...(waiting ? [seqRef(waiting)] : []),
      ...decisions.map(seqRef),
      ...ruleRef(p),
      verify(`operator proposal ${p.id}`),
    ],
  }
}

/** `from role sre or alice, bob`, `from anyone`: the rule's roles (from the policy in force) and people. */
function whoMayApprove(f: ExplainFacts, p: Proposal): string {
  const decision = p.policy
  if (!decision?.approvers) return 'from anyone'
  const rule =
    decision.policy_digest === f.deps.policy.digest
      ? f.deps.policy.policy.rules.find((r) => r.id === decision.rule_id)
      : undefined
  const roles = rule?.roles?.length ? `role${rule.roles.length === 1 ? '' : 's'} ${rule.roles.join(', ')}: ` : ''
  return `from ${roles}${decision.approvers.join(', ')}`
}

/** An approved proposal's token: expired, or missing / unusable (with the gate's own refusal when it said so). */
export function tokenReason(f: ExplainFacts, p: Proposal): BlockingReason | null {
  if (p.status !== 'approved') return null
  const approvedAt = latest(f, ['proposal.approved'], p.id)?.seq ?? 0
  const refusal = eventsOf(f, p.id).findLast((e) => e.type === 'execution.refused' && e.seq > approvedAt)
  const refused = typeof refusal?.payload.reason === 'string' ? refusal.payload.reason : ''
  const tokens = tokensFor(f.deps.store.db, p.id)
  const live = tokens.filter((t) => t.consumed_at === null && t.revoked_at === null).at(-1)
  const issued = eventsOf(f, p.id).findLast((e) => e.type === 'token.issued' || e.type === 'token.refused')
  const evidence = [
    ...(issued ? [seqRef(issued)] : []),
    ...(refusal && /token/.test(refused) ? [seqRef(refusal)] : []),
    verify(`operator proposal ${p.id}`),
  ]
  if ((live && live.expires_at <= f.now) || /token .* expired/.test(refused)) {
    return { code: 'token_expired', message: 'its execution token expired before the gate used it', evidence }
  }
  if (live && !/token/.test(refused)) return null
  const last = tokens.at(-1)
  const why =
    refused && /token/.test(refused)
      ? refused
      : issued?.type === 'token.refused'
        ? `no token was issued: ${String(issued.payload.reason)}`
        : last?.revoked_at != null
          ? `its token was revoked: ${last.revoked_reason ?? 'no reason recorded'}`
          : last?.consumed_at != null
            ? 'its token was already used'
            : 'no execution token was issued'
  return { code: 'token_invalid', message: `no usable execution token: ${why}`, evidence }
}
