/**
 * Who is deciding, checked when a decision is recorded: the OS user of this
 * process (recorded with every decision), the OS user the policy binds the
 * name to, and the signature made with the key the policy names for it.
 * Every refusal is one line naming the rule and the fix.
 */
import { userInfo } from 'node:os'
import { type ErrorCode, OperatorError } from '../core/errors.js'
import type { Proposal } from '../core/records.js'
import { type ApprovalProof, keyFingerprint, verifyClaim } from './approver-keys.js'

/** An OS user as recorded with a decision. */
export interface OsUser {
  uid: number
  name: string
}

/** The OS user running this process (the uid alone names it when the system has no name for it). */
export function currentOsUser(): OsUser {
  const uid = process.getuid?.() ?? -1
  try {
    return { uid, name: userInfo().username }
  } catch {
    return { uid, name: `uid ${uid}` }
  }
}

/** Who decided, as checked: the OS user, and the key fingerprint and signature when the policy names a key. */
export interface Decider {
  os: OsUser
  key_fingerprint: string | null
  key_signature: string | null
}

/** The decider's checked identity, or an OperatorError (safety) saying which binding of the policy it breaks. */
export function checkDecider(
  p: Proposal,
  actor: string,
  decision: 'approve' | 'reject',
  proof: ApprovalProof | undefined,
  os: OsUser,
): Decider {
  const id = p.policy?.identities?.[actor]
  const rule = `rule ${p.policy?.rule_id ?? '(none)'}`
  const refuse = (message: string, fix: string, code: ErrorCode = 'safety_refused') =>
    new OperatorError('safety', message, fix, { code })
  if (id?.os_user !== undefined && id.os_user !== os.name)
    throw refuse(
      `${actor} is bound to OS user ${id.os_user} (policy identities.${actor}, ${rule}), but this comes from OS user ${os.name} (uid ${os.uid})`,
      `run it as ${id.os_user} (e.g. \`sudo -u ${id.os_user} operator ${decision} ${p.id} --as ${actor}\`), or correct identities.${actor} in the policy`,
    )
  if (id?.public_key === undefined) {
    if (proof)
      throw refuse(
        `the policy names no key for ${actor} (${rule}): a signature from them cannot be checked`,
        `drop --key-file, or add identities.${actor}.public_key to the policy`,
      )
    return { os, key_fingerprint: null, key_signature: null }
  }
  const expected = keyFingerprint(id.public_key)
  if (!proof)
    throw refuse(
      `${actor} must sign decisions on ${p.id} with their key under ${rule} (policy identities.${actor}.public_key)`,
      `add --key-file PATH: the Ed25519 private key whose public key has fingerprint ${expected.slice(0, 12)}…`,
      'approval_missing',
    )
  const given = keyFingerprint(proof.public_key)
  if (given !== expected)
    throw refuse(
      `the key given (${given.slice(0, 12)}…) is not ${actor}'s key (the policy names ${expected.slice(0, 12)}… under ${rule})`,
      `use ${actor}'s own key file, or correct identities.${actor}.public_key in the policy`,
      'token_invalid',
    )
  const claim = { proposal_id: p.id, content_hash: p.content_hash, actor, decision }
  if (!verifyClaim(id.public_key, claim, proof.signature))
    throw refuse(
      `the signature for ${actor} on ${p.id} does not verify with their key (${rule})`,
      `sign again: \`operator ${decision} ${p.id} --as ${actor} --key-file PATH\``,
      'token_invalid',
    )
  return { os, key_fingerprint: expected, key_signature: proof.signature }
}
