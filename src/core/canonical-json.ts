/**
 * Canonical JSON (RFC 8785, JCS) and content hashing: the byte form that the
 * audit chain, proposal content hashes and later audit packages are computed over.
 */
import { createHash } from 'node:crypto'
import canonicalize from 'canonicalize'

export function canonicalJson(value: unknown): string {
  const out = canonicalize(value)
  if (out === undefined) throw new TypeError('value has no canonical JSON form')
  return out
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** Content hash of an action and its parameters: what an approval is bound to. */
export function contentHash(action: string, params: unknown): string {
  return sha256Hex(canonicalJson({ action, params }))
}
