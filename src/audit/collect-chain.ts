/**
 * The stretch of the hash chain about one proposal: from the first event
 * that mentions it to the last, every event in between (in full when it
 * mentions the proposal, as a bare link otherwise), the hash just before the
 * range and the head of the log at export time.
 */
import { OperatorError } from '../core/errors.js'
import { type EventRow, GENESIS_HASH } from '../store/audit-log.js'
import type { Db } from '../store/open-database.js'
import type { ChainData } from './package-schema.js'

/** Whether an event payload names the proposal: a `proposal_id` key with its id, at any depth. */
export function mentionsProposal(payload: unknown, proposalId: string): boolean {
  if (Array.isArray(payload)) return payload.some((v) => mentionsProposal(v, proposalId))
  if (payload === null || typeof payload !== 'object') return false
  return Object.entries(payload).some(
    ([k, v]) => (k === 'proposal_id' && v === proposalId) || mentionsProposal(v, proposalId),
  )
}

export function collectChain(db: Db, proposalId: string): ChainData {
  // Payloads are stored as canonical JSON, so a key/value pair has exactly one spelling.
  const needle = `"proposal_id":${JSON.stringify(proposalId)}`
  const bounds = db
    .prepare('SELECT MIN(seq) AS first, MAX(seq) AS last FROM events WHERE instr(payload, ?) > 0')
    .get(needle) as { first: number | null; last: number | null }
  if (bounds.first === null || bounds.last === null) {
    throw new OperatorError(
      'not_found',
      `no audit events mention ${proposalId}`,
      'check the proposal id with `operator proposals`',
    )
  }
  const before = db.prepare('SELECT hash FROM events WHERE seq = ?').get(bounds.first - 1) as
    | { hash: string }
    | undefined
  const head = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get() as {
    seq: number
    hash: string
  }
  const rows = db
    .prepare('SELECT * FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq')
    .all(bounds.first, bounds.last) as EventRow[]
  const events = rows.map((row): ChainData['events'][number] => {
    const payload = JSON.parse(row.payload) as Record<string, unknown>
    if (!mentionsProposal(payload, proposalId))
      return { kind: 'link', seq: row.seq, prev_hash: row.prev_hash, hash: row.hash }
    return {
      kind: 'event',
      seq: row.seq,
      ts: row.ts,
      run_id: row.run_id,
      actor: row.actor,
      type: row.type,
      payload,
      prev_hash: row.prev_hash,
      hash: row.hash,
    }
  })
  return {
    first_seq: bounds.first,
    last_seq: bounds.last,
    before_hash: bounds.first === 1 ? GENESIS_HASH : (before?.hash ?? GENESIS_HASH),
    head_seq: head.seq,
    head_hash: head.hash,
    events,
  }
}
