/**
 * The head anchor's HMAC as an auditor recomputes it: the key is
 * HMAC-SHA256(signing secret, trimmed as the signer trims it, over the label
 * "operator audit head anchor v1"); the anchor's hmac is HMAC-SHA256(key,
 * canonical JSON {hash, seq}) in lowercase hex. Written apart from the
 * writer (src/store/head-anchor.ts) on purpose: the verifier must not share
 * the code it checks.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { canonicalJson } from '../core/canonical-json.js'

const LABEL = 'operator audit head anchor v1'

export function expectedAnchorHmac(secret: string, a: { seq: number; hash: string }): string {
  const key = createHmac('sha256', secret.trim()).update(LABEL, 'utf8').digest()
  return createHmac('sha256', key)
    .update(canonicalJson({ seq: a.seq, hash: a.hash }), 'utf8')
    .digest('hex')
}

export function anchorHmacMatches(secret: string, a: { seq: number; hash: string; hmac: string }): boolean {
  const expected = Buffer.from(expectedAnchorHmac(secret, a), 'hex')
  const given = /^[0-9a-f]{64}$/.test(a.hmac) ? Buffer.from(a.hmac, 'hex') : Buffer.alloc(0)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
