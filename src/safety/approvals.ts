/**
 * Approvals, rejections and revocations by people (and the system's approval
 * in auto mode), each bound to the proposal's content hash and recorded with
 * the OS user who made it (and the key signature the policy asks for).
 * Counted by distinct person under the proposal's policy decision; when they
 * are complete the proposal moves to approved and an execution token is
 * issued, in the same transaction.
 */
import { OperatorError } from '../core/errors.js'
import type { Proposal } from '../core/records.js'
import { listApprovals } from '../store/approvals.js'
import { appendEvent } from '../store/audit-log.js'
import { getModes } from '../store/modes.js'
import type { Db } from '../store/open-database.js'
import { getProposal, proposalRun, transitionInTx } from '../store/proposals.js'
import type { Store } from '../store/store.js'
import { writeTx } from '../store/tx.js'
import { approvalStatus, SYSTEM_ACTOR } from './approval-rules.js'
import type { ApprovalProof } from './approver-keys.js'
import { checkDecider, currentOsUser } from './check-approver.js'
import { issueToken, revokeTokens } from './tokens.js'

export { revokeApproval } from './revoke-approval.js'

/** The token-signing secret, or why there is none: without it nothing can be executed. */
export type SigningKey = { secret: string } | { secret: null; problem: string }

/** One person's (or the system's) decision on a proposal. */
export interface ApprovalInput {
  proposalId: string
  actor: string
  decision: 'approve' | 'reject'
  comment: string | null
  runId: string | null
  /** When given, the approval only counts if the proposal still has this content hash. */
  expectedHash?: string
  /** The decision signed with the approver's key, when the policy names one for them. */
  proof?: ApprovalProof
}

/** Issues the token for a complete proposal, or records why it cannot (fail closed). */
function tokenFor(db: Db, p: Proposal, key: SigningKey, runId: string | null, actor: string, now: number): void {
  if (key.secret === null) {
    appendEvent(
      db,
      { run_id: runId, actor, type: 'token.refused', payload: { proposal_id: p.id, reason: key.problem } },
      now,
    )
    return
  }
  issueToken(db, key.secret, { proposal_id: p.id, content_hash: p.content_hash, run_id: runId, actor }, now)
}

/** Records a decision after checking the proposal's state, hash, approver list and the decider's identity. */
export function recordApproval(store: Store, input: ApprovalInput, key: SigningKey): Proposal {
  const { db } = store
  const now = store.clock.now()
  return writeTx(db, () => {
    const p = getProposal(db, input.proposalId)
    const modes = getModes(db, proposalRun(db, p.id))
    const isSystem = input.actor === SYSTEM_ACTOR
    const expected = isSystem ? 'validated' : 'awaiting_approval'
    if (p.status !== expected) {
      throw new OperatorError(
        'conflict',
        `proposal ${p.id} is ${p.status}, not awaiting approval`,
        'list pending ones with `operator proposals --status awaiting_approval`',
      )
    }
    if (input.expectedHash && input.expectedHash !== p.content_hash) {
      throw new OperatorError(
        'safety',
        `proposal ${p.id} changed since it was shown (content hash differs)`,
        'review it again with `operator proposal ID` before approving',
      )
    }
    const before = approvalStatus(p, listApprovals(db, p.id), modes, now)
    if (isSystem && !before.system_may_approve) {
      throw new OperatorError(
        'safety',
        `the system may not approve ${p.id}: ${before.reason}`,
        'a person must approve it with `operator approve`',
        { code: 'approval_missing' },
      )
    }
    if (!isSystem && p.policy?.approvers && !p.policy.approvers.includes(input.actor)) {
      throw new OperatorError(
        'safety',
        `${input.actor} is not an allowed approver for ${p.id} under rule ${p.policy.rule_id}`,
        `ask one of: ${p.policy.approvers.join(', ')}`,
        { code: 'approval_missing' },
      )
    }
    const who = isSystem
      ? { os: currentOsUser(), key_fingerprint: null, key_signature: null }
      : checkDecider(p, input.actor, input.decision, input.proof, currentOsUser())
    const existing = db
      .prepare('SELECT decision, revoked_at FROM approvals WHERE proposal_id = ? AND actor = ?')
      .get(p.id, input.actor) as { decision: string; revoked_at: number | null } | undefined
    if (existing) {
      throw new OperatorError(
        'conflict',
        `${input.actor} already ${existing.revoked_at ? 'decided and revoked' : 'decided'} on ${p.id} (${existing.decision})`,
        'each name decides once per proposal; approvals are counted by distinct person',
      )
    }
    const ttl = p.policy?.approval_ttl_ms ?? null
    db.prepare(
      'INSERT INTO approvals (proposal_id, actor, decision, comment, content_hash, created_at, expires_at, revoked_at, os_uid, os_user, key_fingerprint, key_signature) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)',
    ).run(
      p.id,
      input.actor,
      input.decision,
      input.comment,
      p.content_hash,
      now,
      ttl === null ? null : now + ttl,
      who.os.uid,
      who.os.name,
      who.key_fingerprint,
      who.key_signature,
    )
    const after = approvalStatus(p, listApprovals(db, p.id), modes, now)
    appendEvent(
      db,
      {
        run_id: input.runId,
        actor: input.actor,
        type: 'approval.recorded',
        payload: {
          proposal_id: p.id,
          decision: input.decision,
          comment: input.comment,
          content_hash: p.content_hash,
          rule_id: p.policy?.rule_id ?? null,
          counted: after.counted,
          required: after.required_people,
          os_uid: who.os.uid,
          os_user: who.os.name,
          key_fingerprint: who.key_fingerprint,
        },
      },
      now,
    )
    if (input.decision === 'reject') {
      revokeTokens(db, `rejected by ${input.actor}`, now, p.id)
      return transitionInTx(
        db,
        p.id,
        p.version,
        'denied',
        {
          actor: input.actor,
          runId: input.runId,
          reason: `rejected by ${input.actor}${input.comment ? `: ${input.comment}` : ''}`,
        },
        now,
      )
    }
    if (!after.complete) return getProposal(db, p.id)
    const approved = transitionInTx(
      db,
      p.id,
      p.version,
      'approved',
      {
        actor: input.actor,
        runId: input.runId,
        reason: isSystem ? 'approved by the system (auto mode)' : `approved: ${after.reason}`,
      },
      now,
    )
    tokenFor(db, approved, key, input.runId, input.actor, now)
    return approved
  })
}
