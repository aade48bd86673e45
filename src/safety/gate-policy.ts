/**
 * The policy evaluated again at the execution gate (execution-gate.ts), inside
 * its transaction: matched on the risk recorded at validation (the effective
 * risk, never a lower one) under the policy in force now. A policy that now
 * denies wins: the proposal is denied and its tokens revoked. A changed
 * decision (another policy, or one first made on a lower risk) is recorded on
 * the proposal and in the log; an unchanged one is left as it was.
 */
import type { Proposal } from '../core/records.js'
import type { ActionKind } from '../core/subject.js'
import { appendEvent } from '../store/audit-log.js'
import type { Db } from '../store/open-database.js'
import { getProposal, transitionInTx } from '../store/proposals.js'
import { decidesAlike, evaluatePolicy } from './policy/evaluate-policy.js'
import type { LoadedPolicy } from './policy/load-policy.js'
import { recordedRisk } from './policy/policy-risk.js'
import { revokeTokens } from './tokens.js'

/** The policy in force now, and the facts to evaluate it on. */
export interface GatePolicy {
  loaded: LoadedPolicy
  subject: string
  kind: ActionKind
}

/** Denied now (with the refusal), or the proposal carrying the decision in force. */
export type PolicyRecheck = { denied: string } | { proposal: Proposal }

/** Evaluates the policy again for an approved proposal; call only inside the gate's write transaction. */
export function recheckPolicy(
  db: Db,
  p: Proposal,
  policy: GatePolicy,
  by: { agentId: string; runId: string | null },
  now: number,
): PolicyRecheck {
  const recorded = recordedRisk(p)
  const decision = evaluatePolicy(policy.loaded, {
    action: p.action,
    kind: policy.kind,
    subject: policy.subject,
    risk: recorded.risk,
    risk_basis: recorded.basis,
    tier: p.tier,
  })
  if (decision.decision === 'deny') {
    revokeTokens(db, `policy now denies: ${decision.rule_id}`, now, p.id)
    const reason = `policy evaluated again at execution: ${decision.reason}`
    transitionInTx(db, p.id, p.version, 'denied', { actor: by.agentId, runId: by.runId, reason }, now)
    return { denied: `policy now denies it (${decision.rule_id})` }
  }
  if (!p.policy || (decision.policy_digest === p.policy.policy_digest && decidesAlike(decision, p.policy)))
    return { proposal: p }
  db.prepare('UPDATE proposals SET policy = ? WHERE id = ?').run(JSON.stringify(decision), p.id)
  appendEvent(
    db,
    {
      run_id: by.runId,
      actor: by.agentId,
      type: 'policy.reapplied',
      payload: { proposal_id: p.id, from: p.policy, to: decision },
    },
    now,
  )
  return { proposal: getProposal(db, p.id) }
}
