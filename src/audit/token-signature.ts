/**
 * The execution-token signature as an auditor recomputes it: HMAC-SHA256,
 * keyed with the signing secret (UTF-8, surrounding whitespace trimmed as the
 * signer trims it), over the canonical JSON of {id, proposal_id,
 * content_hash, scope, expires_at}, in lowercase hex. Written apart from the
 * signer (src/safety/tokens.ts) on purpose: the verifier must not share the
 * code it checks.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { canonicalJson } from '../core/canonical-json.js'
import type { ExecutionToken } from '../core/records.js'

export type SignedFields = Pick<ExecutionToken, 'id' | 'proposal_id' | 'content_hash' | 'scope' | 'expires_at'>

export function expectedSignature(secret: string, t: SignedFields): string {
  const body = canonicalJson({
    id: t.id,
    proposal_id: t.proposal_id,
    content_hash: t.content_hash,
    scope: t.scope,
    expires_at: t.expires_at,
  })
  return createHmac('sha256', secret.trim()).update(body, 'utf8').digest('hex')
}

export function signatureMatches(secret: string, t: SignedFields & { signature: string }): boolean {
  const expected = Buffer.from(expectedSignature(secret, t), 'hex')
  const given = /^[0-9a-f]{64}$/.test(t.signature) ? Buffer.from(t.signature, 'hex') : Buffer.alloc(0)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
