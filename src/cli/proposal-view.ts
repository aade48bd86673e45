/**
 * What `operator proposal ID` (and approve, reject, revoke) show: exactly
 * what is being approved — action, params, content hash, policy rule and the
 * risk it was matched on, risk — and who decided, with the OS user and key each decision was checked by;
 * for a model brain's plan, the model turn that proposed it. The view itself
 * is read in the contract (contract/proposal-view.ts); this renders it.
 */
import type { ProposingTurn } from '../brain/llm/transcript.js'
import type { ProposalView } from '../contract/proposal-view.js'
import type { Approval, Proposal } from '../core/records.js'

export { type ProposalView, proposalView } from '../contract/proposal-view.js'

function describePolicy(policy: Proposal['policy']): string {
  if (!policy) return 'none recorded'
  const digest = policy.policy_digest.slice(0, 12)
  return `${policy.rule_id}: ${policy.decision} — ${policy.reason} (policy ${digest}, ${policy.source})`
}

/** `risk high — base medium raised by: targets the leader m1`: the risk the rule was matched on, and why. */
export function describeMatchedRisk(p: Pick<Proposal, 'policy'>): string | null {
  if (!p.policy) return null
  if (!p.policy.matched_risk) return 'not recorded (decided before matched risks were kept)'
  return `risk ${p.policy.matched_risk}${p.policy.risk_basis ? ` — ${p.policy.risk_basis}` : ''}`
}

function describeRisk(r: NonNullable<Proposal['risk_assessment']>): string {
  const paramFactors = r.param_factors.length ? `; ${r.param_factors.join('; ')}` : ''
  const sessionFactors = r.session_factors.length ? ` — ${r.session_factors.join('; ')}` : ''
  return `${r.effective} (base ${r.base}${paramFactors}); session score ${r.session_score}${sessionFactors}`
}

/** `alice approve — OS user alice (uid 1000), key 1a2b3c4d5e6f`: who decided, as the operator checked it. */
export function describeDecider(a: Approval): string {
  const os =
    a.os_uid === null ? 'OS user unknown (recorded before identities)' : `OS user ${a.os_user} (uid ${a.os_uid})`
  const key = a.key_fingerprint ? `, key ${a.key_fingerprint.slice(0, 12)}` : ''
  return `${a.actor} ${a.decision} — ${os}${key}${a.revoked_at === null ? '' : ', revoked'}`
}

/** `model claude-x, turn 3: m2 is down, restart it`. */
function describeTurn(t: ProposingTurn): string {
  return `model ${t.model}, turn ${t.turn}${t.text ? `: ${t.text}` : ''}`
}

/** The text of `operator proposal ID`. */
export function renderProposal(v: ProposalView): string {
  const p = v.proposal
  const r = p.risk_assessment
  const matched = describeMatchedRisk(p)
  const discounted = v.approval.discounted.map((d) => `${d.actor} (${d.why})`).join(', ')
  const notCounted = v.approval.discounted.length ? `; not counted: ${discounted}` : ''
  return [
    `${p.id}  ${p.status}  (ticket ${p.ticket_id}, step ${p.step + 1}/${p.steps})`,
    `  action        ${p.action}`,
    `  params        ${JSON.stringify(p.params)}`,
    `  content hash  ${p.content_hash}`,
    `  policy        ${describePolicy(p.policy)}`,
    ...(matched ? [`  matched on    ${matched}`] : []),
    `  risk          ${r ? describeRisk(r) : p.risk}, tier ${p.tier}`,
    `  approvals     ${v.approval.reason}${notCounted}`,
    ...v.approvals.map((a, i) => `  ${(i === 0 ? 'decided by' : '').padEnd(14)}${describeDecider(a)}`),
    `  rationale     ${p.rationale}`,
    ...(v.brain_turn ? [`  proposed by   ${describeTurn(v.brain_turn)}`] : []),
    ...(p.reason ? [`  last reason   ${p.reason}`] : []),
  ].join('\n')
}
