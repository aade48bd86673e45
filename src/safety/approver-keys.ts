/**
 * Approver keys: an Ed25519 signature, made with the approver's private key,
 * over what a decision claims — proposal id, content hash, name, decision —
 * and checked against the public key the policy names for that person.
 * Public keys travel as base64 SPKI DER (a PEM block is accepted too).
 */
import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto'
import { canonicalJson } from '../core/canonical-json.js'

/** What a signed decision says. */
export interface ApprovalClaim {
  proposal_id: string
  content_hash: string
  actor: string
  decision: 'approve' | 'reject'
}

/** A decision's signature and the public key of the key that made it (both base64). */
export interface ApprovalProof {
  public_key: string
  signature: string
}

function claimBytes(c: ApprovalClaim): Buffer {
  const { proposal_id, content_hash, actor, decision } = c
  return Buffer.from(canonicalJson({ purpose: 'operator-approval-v1', proposal_id, content_hash, actor, decision }))
}

/** The public key as base64 SPKI DER, or null when the text is not an Ed25519 public key (base64 DER or PEM). */
export function parsePublicKey(text: string): string | null {
  const t = text.trim()
  try {
    const key = t.startsWith('-----')
      ? createPublicKey(t)
      : createPublicKey({ key: Buffer.from(t, 'base64'), format: 'der', type: 'spki' })
    if (key.asymmetricKeyType !== 'ed25519') return null
    return key.export({ type: 'spki', format: 'der' }).toString('base64')
  } catch {
    return null
  }
}

/** sha256 (hex) of the public key's DER: how a key is named in records and messages. */
export function keyFingerprint(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex')
}

/** Signs a claim with an approver's private key. */
export function signClaim(privateKey: KeyObject, claim: ApprovalClaim): ApprovalProof {
  const publicKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64')
  return { public_key: publicKey, signature: sign(null, claimBytes(claim), privateKey).toString('base64') }
}

/** Whether `signature` is the claim signed by the private half of `publicKey`. Never throws. */
export function verifyClaim(publicKey: string, claim: ApprovalClaim, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' })
    return verify(null, claimBytes(claim), key, Buffer.from(signature, 'base64'))
  } catch {
    return false
  }
}
