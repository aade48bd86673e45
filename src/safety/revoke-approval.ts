/**
 * Taking an approval back before execution (`operator revoke`): recorded
 * with the OS user who revoked it; an approved proposal that no longer has
 * enough people goes back to waiting and its tokens are revoked.
 */
import { OperatorError } from '../core/errors.js'
import type { Proposal } from '../core/records.js'
import { listApprovals } from '../store/approvals.js'
import { appendEvent } from '../store/audit-log.js'
import { getModes } from '../store/modes.js'
import { getProposal, proposalRun, transitionInTx } from '../store/proposals.js'
import type { Store } from '../store/store.js'
import { writeTx } from '../store/tx.js'
import { approvalStatus } from './approval-rules.js'
import { currentOsUser } from './check-approver.js'
import { revokeTokens } from './tokens.js'

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
    const status = approvalStatus(p, listApprovals(db, p.id), getModes(db, proposalRun(db, p.id)), now)
    const os = currentOsUser()
    appendEvent(
      db,
      {
        run_id: runId,
        actor,
        type: 'approval.revoked',
        payload: {
          proposal_id: p.id,
          counted: status.counted,
          required: status.required_people,
          os_uid: os.uid,
          os_user: os.name,
        },
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
