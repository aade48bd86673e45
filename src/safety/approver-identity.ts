/**
 * Who an approval is, for counting. The policy's identities may bind a name
 * to an OS user and to an Ed25519 key; an approval that breaks its binding
 * does not count. Of the rest, each key the policy names is one person, and
 * an unsigned approval is one person per OS user — not counted when that
 * user already approved under another name or signs with a key there: no
 * key tells them apart. Conservative: it never counts more people than
 * there can be.
 */
import type { Approval, Proposal } from '../core/records.js'
import { keyFingerprint, verifyClaim } from './approver-keys.js'

type Subject = Pick<Proposal, 'id' | 'policy'>

/** Why an approval does not meet the identity the policy gives its name; null when it does or there is none. */
export function identityProblem(p: Subject, a: Approval): string | null {
  const id = p.policy?.identities?.[a.actor]
  if (!id) return null
  if (id.os_user !== undefined && a.os_user !== id.os_user)
    return `made by OS user ${a.os_user ?? '(unknown)'}, not ${id.os_user}`
  if (id.public_key !== undefined) {
    const claim = { proposal_id: p.id, content_hash: a.content_hash, actor: a.actor, decision: a.decision }
    if (a.key_signature === null || !verifyClaim(id.public_key, claim, a.key_signature))
      return `not signed with the key the policy names for ${a.actor}`
  }
  return null
}

/** The people an approval list amounts to. */
export interface People {
  /** One name per person, in the order they approved. */
  counted: string[]
  /** Approvals by someone already counted, with why. */
  discounted: { actor: string; why: string }[]
}

/** Distinct people among approvals that meet their identities (see the module comment). */
export function distinctPeople(p: Subject, approvals: readonly Approval[]): People {
  const keyOf = (a: Approval) => {
    const key = p.policy?.identities?.[a.actor]?.public_key
    return key === undefined ? null : keyFingerprint(key)
  }
  const keyedAt = new Map<number, string>()
  for (const a of approvals) if (keyOf(a) && a.os_uid !== null && !keyedAt.has(a.os_uid)) keyedAt.set(a.os_uid, a.actor)
  const byKey = new Map<string, string>()
  const byUid = new Map<number, string>()
  const people: People = { counted: [], discounted: [] }
  for (const a of approvals) {
    const key = keyOf(a)
    const first = key ? byKey.get(key) : a.os_uid === null ? undefined : (keyedAt.get(a.os_uid) ?? byUid.get(a.os_uid))
    if (people.counted.includes(a.actor)) continue
    if (first === undefined) {
      people.counted.push(a.actor)
      if (key) byKey.set(key, a.actor)
      else if (a.os_uid !== null) byUid.set(a.os_uid, a.actor)
    } else {
      const why = key
        ? `signed with the same key as ${first}`
        : `same OS user as ${first} (${a.os_user ?? '?'}, uid ${a.os_uid}) and no key tells them apart`
      people.discounted.push({ actor: a.actor, why })
    }
  }
  return people
}
