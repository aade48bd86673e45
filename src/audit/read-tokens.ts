/**
 * A proposal's execution tokens, read straight from the `tokens` table (all
 * columns, signature included), oldest first. A database from before tokens
 * existed simply has none.
 */
import { ExecutionToken } from '../core/records.js'
import { hasTable } from '../store/has-table.js'
import type { Db } from '../store/open-database.js'

export function readTokens(db: Db, proposalId: string): ExecutionToken[] {
  if (!hasTable(db, 'tokens')) return []
  return db
    .prepare('SELECT * FROM tokens WHERE proposal_id = ? ORDER BY issued_at, id')
    .all(proposalId)
    .map((row) => ExecutionToken.parse(row))
}
