/** The approvals, rejections and revocations recorded on a proposal, oldest first. */
import { Approval } from '../core/records.js'
import type { Db } from './open-database.js'

export function listApprovals(db: Db, proposalId: string): Approval[] {
  const rows = db.prepare('SELECT * FROM approvals WHERE proposal_id = ? ORDER BY id').all(proposalId)
  return rows.map((r) => Approval.parse(r))
}
