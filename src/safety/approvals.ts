/**
 * Approvals, rejections and revocations by people (and the system's approval
 * in auto mode), each bound to the proposal's content hash. Counted by
 * distinct actor under the proposal's policy decision; when they are
 * complete the proposal moves to approved and an execution token is issued,
 * in the same transaction.
 */
import { OperatorError } from '../core/errors.js'
import type { Proposal } from '../core/records.js'
import { listApprovals } from '../store/approvals.js'
import { appendEvent } from '../store/audit-log.js'
import { getModes } from '../store/modes.js'
import type { Db } from '../store/open-database.js'
import { getProposal, transitionInTx } from '../store/proposals.js'
import type { Store } from '../store/store.js'
import { writeTx } from '../store/tx.js'
import { approvalStatus, SYSTEM_ACTOR } from './approval-rules.js'
import { issueToken, revokeTokens } from './tokens.js'

/** The token-signing secret, or why there is none: without it nothing can be executed. */
export type SigningKey = { secret: string } | { secret: null; problem: string }

export interface ApprovalInput {
  proposalId: string
  actor: string
  decision: 'approve' | 'reject'
  comment: string | null
  runId: string | null
  /** When given, the approval only counts if the proposal still has this content hash. */
  expectedHash?: string
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

export function recordApproval(store: Store, input: ApprovalInput, key: SigningKey): Proposal {
  const { db } = store
  const now = store.clock.now()
  return writeTx(db, () => {
    const p = getProposal(db, input.proposalId)
    const modes = getModes(db)
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
      )
    }
    if (!isSystem && p.policy?.approvers && !p.policy.approvers.includes(input.actor)) {
      throw new OperatorError(
        'safety',
        `${input.actor} is not an allowed approver for ${p.id} under rule ${p.policy.rule_id}`,
        `ask one of: ${p.policy.approvers.join(', ')}`,
      )
    }
    const existing = db
      .prepare('SELECT decision, revoked_at FROM approvals WHERE proposal_id = ? AND actor = ?')
      .get(p.id, input.actor) as { decision: string; revoked_at: number | null } | undefined
    if (existing) {
      throw new OperatorError(
        'conflict',
        `${input.actor} already ${existing.revoked_at ? 'decided and revoked' : 'decided'} on ${p.id} (${existing.decision})`,
        'each person decides once per proposal; approvals are counted by distinct actor',
      )
    }
    const ttl = p.policy?.approval_ttl_ms ?? null
    db.prepare(
      'INSERT INTO approvals (proposal_id, actor, decision, comment, content_hash, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)',
    ).run(p.id, input.actor, input.decision, input.comment, p.content_hash, now, ttl === null ? null : now + ttl)
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

/** An approver takes an approval back before execution; an approved proposal that no longer has enough goes back to waiting. */
export function revokeApproval(store: Store, proposalId: string, actor: string, runId: string | null): Proposal {
  const { db } = store
  const now = store.clock.now()
  return writeTx(db, () => {
    const p = getProposal(db, proposalId)
    if (p.status !== 'awaiting_approval' && p.status !== 'approved') {
      throw new OperatorError(
        'conflict',
        `too late to revoke: ${p.id} is ${p.status}`,
        'an approval can only be revoked before execution starts',
      )
    }
    const res = db
      .prepare(
        "UPDATE approvals SET revoked_at = ? WHERE proposal_id = ? AND actor = ? AND decision = 'approve' AND revoked_at IS NULL",
      )
      .run(now, p.id, actor)
    if (res.changes !== 1)
      throw new OperatorError(
        'not_found',
        `${actor} has no standing approval on ${p.id}`,
        'list approvals with `operator proposal ID`',
      )
    const status = approvalStatus(p, listApprovals(db, p.id), getModes(db), now)
    appendEvent(
      db,
      {
        run_id: runId,
        actor,
        type: 'approval.revoked',
        payload: { proposal_id: p.id, counted: status.counted, required: status.required_people },
      },
      now,
    )
    if (p.status === 'approved' && !status.complete) {
      revokeTokens(db, `approval revoked by ${actor}`, now, p.id)
      return transitionInTx(
        db,
        p.id,
        p.version,
        'awaiting_approval',
        { actor, runId, reason: `approval revoked by ${actor}: ${status.reason}` },
        now,
      )
    }
    return getProposal(db, p.id)
  })
}
