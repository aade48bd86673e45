/**
 * Who may apply a policy recommendation: a person, checked as approvals
 * check one (check-approver.ts). Never `system`, an agent (any id an agent
 * registered under), or whoever created the proposal the patch is for; a
 * name the policy binds to an OS user only from that OS user; a name bound
 * to a key only with that key (the confirmation signed with it).
 */
import type { KeyObject } from 'node:crypto'
import { OperatorError } from '../core/errors.js'
import { SYSTEM_ACTOR } from '../safety/approval-rules.js'
import { keyFingerprint, signClaim, verifyClaim } from '../safety/approver-keys.js'
import type { OsUser } from '../safety/check-approver.js'
import type { PolicyFile } from '../safety/policy/schema.js'
import type { Store } from '../store/store.js'

/** The person applying, as checked. */
export interface Applier {
  name: string
  os: OsUser
  key_fingerprint: string | null
}

/** What is being confirmed, and by whom. */
export interface ApplyClaim {
  confirmation_id: string
  proposal_id: string
  /** The creator of the proposal the patch is for. */
  created_by: string
  /** sha256 of the patched text: what the signature covers. */
  text_digest_after: string
}

/** The ids agents give themselves (`agent-PID-HEX`, `…@RUN` under `--runs`; cli/agent.ts), registered or not. */
const AGENT_ID = /^agent-\d+-[0-9a-f]+(@[A-Za-z0-9][A-Za-z0-9._-]*)?$/

const refuse = (message: string, fix: string) => new OperatorError('safety', message, fix)

/** The checked applier, or an OperatorError (safety) naming why `name` may not apply it. */
export function checkApplier(
  store: Store,
  policy: PolicyFile,
  claim: ApplyClaim,
  who: { name: string; os: OsUser; key?: KeyObject },
): Applier {
  const { name, os } = who
  const person = `a person applies it: \`operator policy apply ${claim.confirmation_id} --as YOUR_NAME\``
  if (name === SYSTEM_ACTOR) throw refuse(`"${SYSTEM_ACTOR}" cannot apply a policy change: it is not a person`, person)
  const agent = AGENT_ID.test(name) || store.db.prepare('SELECT id FROM agents WHERE id = ?').get(name) !== undefined
  if (agent || name === claim.created_by)
    throw refuse(
      `${name} is ${agent ? 'an agent' : `the creator of ${claim.proposal_id}`}: an agent never applies a policy change`,
      person,
    )
  const id = policy.identities?.[name]
  if (id?.os_user !== undefined && id.os_user !== os.name)
    throw refuse(
      `${name} is bound to OS user ${id.os_user} (policy identities.${name}), but this comes from OS user ${os.name} (uid ${os.uid})`,
      `run it as ${id.os_user}, or correct identities.${name} in the policy`,
    )
  if (id?.public_key === undefined) {
    if (who.key)
      throw refuse(`the policy names no key for ${name}`, `drop --key-file, or add identities.${name}.public_key`)
    return { name, os, key_fingerprint: null }
  }
  const expected = keyFingerprint(id.public_key)
  if (!who.key)
    throw refuse(
      `${name} must confirm with their key (policy identities.${name}.public_key)`,
      `add --key-file PATH: the Ed25519 private key whose public key has fingerprint ${expected.slice(0, 12)}…`,
    )
  const signed = { proposal_id: claim.confirmation_id, content_hash: claim.text_digest_after, actor: name }
  const proof = signClaim(who.key, { ...signed, decision: 'approve' })
  if (!verifyClaim(id.public_key, { ...signed, decision: 'approve' }, proof.signature))
    throw refuse(
      `the key given (${keyFingerprint(proof.public_key).slice(0, 12)}…) is not ${name}'s key (${expected.slice(0, 12)}…)`,
      `use ${name}'s own key file, or correct identities.${name}.public_key in the policy`,
    )
  return { name, os, key_fingerprint: expected }
}
