/**
 * Approvals and rejections by people (and by the system in auto mode), each
 * bound to the proposal's content hash. Recording one moves the proposal in
 * the same transaction.
 */
import { OperatorError } from '../core/errors.js'
import { Approval, type Proposal } from '../core/records.js'
import { appendEvent } from './audit-log.js'
import type { Db } from './open-database.js'
import { getProposal, transitionInTx } from './proposals.js'
import { writeTx } from './tx.js'

/** The actor name the system approves as in auto mode; people cannot use it. */
export const SYSTEM_ACTOR = 'system'

export function listApprovals(db: Db, proposalId: string): Approval[] {
  const rows = db.prepare('SELECT * FROM approvals WHERE proposal_id = ? ORDER BY id').all(proposalId)
  return rows.map((r) => Approval.parse(r))
}

export interface ApprovalInput {
  proposalId: string
  actor: string
  decision: 'approve' | 'reject'
  comment: string | null
  runId: string | null
  /** When given, the approval only counts if the proposal still has this content hash. */
  expectedHash?: string
}

export function recordApproval(db: Db, input: ApprovalInput, now: number): Proposal {
  return writeTx(db, () => {
    const p = getProposal(db, input.proposalId)
    const isSystem = input.actor === SYSTEM_ACTOR
    const from = isSystem ? 'validated' : 'awaiting_approval'
    if (p.status !== from) {
      throw new OperatorError('conflict', `proposal ${p.id} is ${p.status}, not awaiting approval`, 'list pending ones with `operator proposals --status awaiting_approval`')
    }
    if (input.expectedHash && input.expectedHash !== p.content_hash) {
      throw new OperatorError('safety', `proposal ${p.id} changed since it was shown (content hash differs)`, 'review it again with `operator proposals` before approving')
    }
    const existing = db.prepare('SELECT decision FROM approvals WHERE proposal_id = ? AND actor = ?').get(p.id, input.actor) as { decision: string } | undefined
    if (existing) throw new OperatorError('conflict', `${input.actor} already decided on ${p.id} (${existing.decision})`, 'each person decides once per proposal')
    db.prepare('INSERT INTO approvals (proposal_id, actor, decision, comment, content_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      p.id,
      input.actor,
      input.decision,
      input.comment,
      p.content_hash,
      now,
    )
    appendEvent(
      db,
      { run_id: input.runId, actor: input.actor, type: 'approval.recorded', payload: { proposal_id: p.id, decision: input.decision, comment: input.comment, content_hash: p.content_hash } },
      now,
    )
    const to = input.decision === 'approve' ? 'approved' : 'denied'
    const reason = input.decision === 'approve' ? `approved by ${input.actor}` : `rejected by ${input.actor}${input.comment ? `: ${input.comment}` : ''}`
    return transitionInTx(db, p.id, p.version, to, { actor: input.actor, runId: input.runId, reason }, now)
  })
}
