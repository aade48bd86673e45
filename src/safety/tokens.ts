/**
 * Execution tokens: HMAC-SHA256 over the canonical JSON of {id, proposal_id,
 * content_hash, scope, expires_at}. Issued when a proposal's approvals are
 * complete, short-lived, single use (consumed in the transaction that starts
 * execution), revoked by the kill switch and by a withdrawn approval.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { canonicalJson } from '../core/canonical-json.js'
import { ExecutionToken } from '../core/records.js'
import { appendEvent } from '../store/audit-log.js'
import type { Db } from '../store/open-database.js'

export const TOKEN_SCOPE = 'execute'
export const TOKEN_TTL_MS = 5 * 60_000

export function tokenBody(
  t: Pick<ExecutionToken, 'id' | 'proposal_id' | 'content_hash' | 'scope' | 'expires_at'>,
): string {
  return canonicalJson({
    id: t.id,
    proposal_id: t.proposal_id,
    content_hash: t.content_hash,
    scope: t.scope,
    expires_at: t.expires_at,
  })
}

export function signToken(
  secret: string,
  t: Pick<ExecutionToken, 'id' | 'proposal_id' | 'content_hash' | 'scope' | 'expires_at'>,
): string {
  return createHmac('sha256', secret).update(tokenBody(t)).digest('hex')
}

export function signatureValid(secret: string, t: ExecutionToken): boolean {
  if (!/^[0-9a-f]{64}$/.test(t.signature)) return false
  const expected = Buffer.from(signToken(secret, t), 'hex')
  const given = Buffer.from(t.signature, 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** Issues a token inside the caller's transaction. */
export function issueToken(
  db: Db,
  secret: string,
  p: { proposal_id: string; content_hash: string; run_id: string | null; actor: string },
  now: number,
): ExecutionToken {
  const unsigned = {
    id: `tok-${randomBytes(8).toString('hex')}`,
    proposal_id: p.proposal_id,
    content_hash: p.content_hash,
    scope: TOKEN_SCOPE,
    expires_at: now + TOKEN_TTL_MS,
  }
  const token: ExecutionToken = {
    ...unsigned,
    issued_at: now,
    signature: signToken(secret, unsigned),
    consumed_at: null,
    consumed_by: null,
    revoked_at: null,
    revoked_reason: null,
  }
  db.prepare(
    'INSERT INTO tokens (id, proposal_id, content_hash, scope, issued_at, expires_at, signature, consumed_at, consumed_by, revoked_at, revoked_reason) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL)',
  ).run(
    token.id,
    token.proposal_id,
    token.content_hash,
    token.scope,
    token.issued_at,
    token.expires_at,
    token.signature,
  )
  appendEvent(
    db,
    {
      run_id: p.run_id,
      actor: p.actor,
      type: 'token.issued',
      payload: {
        token_id: token.id,
        proposal_id: p.proposal_id,
        content_hash: p.content_hash,
        expires_at: token.expires_at,
      },
    },
    now,
  )
  return token
}

export function tokensFor(db: Db, proposalId: string): ExecutionToken[] {
  return db
    .prepare('SELECT * FROM tokens WHERE proposal_id = ? ORDER BY issued_at')
    .all(proposalId)
    .map((r) => ExecutionToken.parse(r))
}

/** The newest token that is neither consumed nor revoked. */
export function liveToken(db: Db, proposalId: string): ExecutionToken | undefined {
  return tokensFor(db, proposalId)
    .filter((t) => t.consumed_at === null && t.revoked_at === null)
    .at(-1)
}

export function consumeToken(db: Db, tokenId: string, by: string, now: number): boolean {
  return (
    db
      .prepare(
        'UPDATE tokens SET consumed_at = ?, consumed_by = ? WHERE id = ? AND consumed_at IS NULL AND revoked_at IS NULL',
      )
      .run(now, by, tokenId).changes === 1
  )
}

/** Revokes live tokens (of one proposal, or all), inside the caller's transaction; returns how many. */
/** Revokes every live token of one run's proposals (the kill switch on that run). */
export function revokeRunTokens(db: Db, reason: string, now: number, runId: string): number {
  return db
    .prepare(
      `UPDATE tokens SET revoked_at = ?, revoked_reason = ? WHERE consumed_at IS NULL AND revoked_at IS NULL
       AND proposal_id IN (SELECT p.id FROM proposals p JOIN tickets t ON t.id = p.ticket_id WHERE t.run_id = ?)`,
    )
    .run(now, reason, runId).changes
}

export function revokeTokens(db: Db, reason: string, now: number, proposalId?: string): number {
  const live = 'WHERE consumed_at IS NULL AND revoked_at IS NULL'
  const ofProposal = proposalId ? ' AND proposal_id = ?' : ''
  const sql = `UPDATE tokens SET revoked_at = ?, revoked_reason = ? ${live}${ofProposal}`
  return (proposalId ? db.prepare(sql).run(now, reason, proposalId) : db.prepare(sql).run(now, reason)).changes
}
