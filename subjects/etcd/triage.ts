/**
 * Triage of an etcd observation: which violations are roots and which
 * follow from them. Roots are members that cannot take part: a process (or
 * container) that is gone, cut off the peer network, or paused — repaired in
 * that order, since a missing member back is quorum back soonest. While a
 * root is open, a running member that fails reads, a missing leader, a
 * leader away from its preferred member and a lagging member are its
 * consequences: they are never acted on and resolve with it. Alarms, backend
 * size and leader churn stand on their own.
 */
import type { Triage, Violation } from '../../src/core/subject.js'
import type { EtcdObservation, MemberObservation } from './observation.js'
import { isPartitioned } from './observation.js'

/** Invariants that follow from members that cannot take part. */
const CONSEQUENTIAL = new Set(['members_healthy', 'leader_exists', 'leader_preferred', 'applied_lag'])

interface Root {
  key: string
  member: MemberObservation
  priority: number
  what: string
}

function asRoot(m: MemberObservation, obs: EtcdObservation): Pick<Root, 'priority' | 'what'> | null {
  const holder = m.container !== undefined ? `container ${m.container}` : 'process'
  if (m.process === 'exited') return { priority: 30, what: `${m.name}'s ${holder} is gone` }
  if (isPartitioned(m, obs)) return { priority: 25, what: `${m.name} is cut off the peer network` }
  if (m.process === 'paused') return { priority: 20, what: `${m.name}'s ${holder} is paused` }
  // An attached cluster: no process to see, only whether the member answers.
  if (m.process === 'unknown' && m.state !== 'up')
    return { priority: m.state === 'down' ? 28 : 18, what: `${m.name} does not answer (${m.state})` }
  return null
}

function rootsOf(violations: readonly Violation[], obs: EtcdObservation): Root[] {
  const roots: Root[] = []
  for (const v of violations) {
    if (v.invariant !== 'members_healthy') continue
    const m = obs.members.find((x) => x.name === v.target)
    const root = m === undefined ? null : asRoot(m, obs)
    if (m !== undefined && root !== null) roots.push({ key: v.key, member: m, ...root })
  }
  // Highest priority first; members in their order otherwise, whatever order the violations came in.
  const index = (r: Root) => obs.members.indexOf(r.member)
  return roots.sort((a, b) => b.priority - a.priority || index(a) - index(b))
}

/** Whether the members that can take part are fewer than a quorum: nothing clears before a root is back. */
function quorumLost(roots: readonly Root[], obs: EtcdObservation): boolean {
  return obs.members.length - roots.length < Math.floor(obs.members.length / 2) + 1
}

/** Why a consequence is one: the quorum arithmetic when it is lost, else the members that are missing. */
function consequenceReason(v: Violation, roots: readonly Root[], obs: EtcdObservation): string {
  const size = obs.members.length
  const quorum = Math.floor(size / 2) + 1
  const missing = roots.map((r) => r.what).join('; ')
  const lost = quorumLost(roots, obs)
  const because = lost
    ? `quorum needs ${quorum} of ${size} members and ${roots.length} cannot take part (${missing})`
    : `${missing}, and the others are still settling without it`
  switch (v.invariant) {
    case 'members_healthy':
      return `${v.target} runs but cannot serve: ${because} — a victim, not a cause; it recovers with them`
    case 'leader_exists':
      return `no leader: ${because}`
    case 'leader_preferred':
      return `the leader is away from ${obs.preferred} while ${missing}: moving it waits until they are back`
    default:
      return `${v.target ?? 'the cluster'} lags while ${missing}: it catches up once they are back`
  }
}

export function etcdTriage(violations: readonly Violation[], obs: EtcdObservation): Map<string, Triage> {
  const out = new Map<string, Triage>()
  const roots = rootsOf(violations, obs)
  for (const r of roots)
    out.set(r.key, { cause: null, priority: r.priority, reason: `${r.what}: a root — bring it back` })
  const first = roots[0]
  for (const v of violations) {
    if (out.has(v.key)) continue
    if (first === undefined || !CONSEQUENTIAL.has(v.invariant)) continue
    out.set(v.key, {
      cause: first.key,
      priority: 0,
      reason: consequenceReason(v, roots, obs),
      blocked: quorumLost(roots, obs),
    })
  }
  return out
}
