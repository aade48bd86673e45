/**
 * Triage of a ratelimiter observation: which violations are roots and which
 * follow from them. Roots are what cannot take part — no primary serving (a
 * failover restores service first), a Redis node, Sentinel or app process
 * gone or paused — and the state that breaks the counters: keys without a
 * TTL, evictions. While a root is open, a dead old primary, replicas without
 * their primary, apps away from it or on their insurance limiter, slow
 * answers and a broken limit are its consequences: never acted on, they
 * resolve with it (or become roots if they outlive it).
 */
import type { Triage, Violation } from '../../src/core/subject.js'
import { SENTINEL_QUORUM } from './defaults.js'
import type { RatelimiterObservation } from './observation.js'

interface Root {
  key: string
  invariant: string
  target: string | null
  priority: number
  what: string
}

const STATE_PRIORITY = { exited: 30, paused: 20, running: 15 } as const

/** Sentinels that answer: fewer than a quorum agree on nothing. */
const sentinelsUp = (obs: RatelimiterObservation) =>
  obs.sentinels.filter((s) => s.process === 'running' && s.reachable).length

function asRoot(v: Violation, obs: RatelimiterObservation, primaryRoot: boolean): Omit<Root, 'key'> | null {
  const base = { invariant: v.invariant, target: v.target }
  switch (v.invariant) {
    case 'primary_agreed':
      if (obs.primary === null && sentinelsUp(obs) < SENTINEL_QUORUM) return null
      return { ...base, priority: 35, what: v.message }
    case 'redis_nodes_up': {
      if (primaryRoot && v.target === obs.primary) return null
      const n = obs.redis.find((x) => x.name === v.target)
      return n === undefined ? null : { ...base, priority: STATE_PRIORITY[n.process], what: v.message }
    }
    case 'sentinels_up': {
      const s = obs.sentinels.find((x) => x.name === v.target)
      return s === undefined ? null : { ...base, priority: STATE_PRIORITY[s.process] - 2, what: v.message }
    }
    case 'apps_healthy': {
      const a = obs.apps.find((x) => x.name === v.target)
      if (a === undefined || (a.process === 'running' && primaryRoot)) return null
      return { ...base, priority: a.process === 'running' ? 10 : STATE_PRIORITY[a.process], what: v.message }
    }
    case 'keys_have_ttl':
    case 'no_evictions':
      return { ...base, priority: 12, what: v.message }
    case 'replica_links':
      return primaryRoot ? null : { ...base, priority: 10, what: v.message }
    case 'apps_on_primary':
      return primaryRoot ? null : { ...base, priority: 8, what: v.message }
    default:
      return null
  }
}

/** The root a consequence follows from; undefined: it stands on its own. */
function causeOf(v: Violation, roots: readonly Root[]): Root | undefined {
  const by = (invariant: string, target?: string | null) =>
    roots.find((r) => r.invariant === invariant && (target === undefined || r.target === target))
  const primary = by('primary_agreed')
  switch (v.invariant) {
    case 'primary_agreed':
      return by('sentinels_up')
    case 'redis_nodes_up':
    case 'replica_links':
    case 'apps_on_primary':
    case 'apps_healthy':
      return primary
    case 'insurance_path':
    case 'limiter_latency':
      return primary ?? by('apps_on_primary', v.target) ?? by('redis_nodes_up') ?? by('no_evictions')
    case 'limit_holds':
      return (
        primary ??
        by('apps_on_primary') ??
        roots.find((r) => r.invariant === 'insurance_path') ??
        by('no_evictions') ??
        by('keys_have_ttl') ??
        by('redis_nodes_up')
      )
    default:
      return undefined
  }
}

export function ratelimiterTriage(violations: readonly Violation[], obs: RatelimiterObservation): Map<string, Triage> {
  const out = new Map<string, Triage>()
  const primaryV = violations.find((v) => v.invariant === 'primary_agreed')
  const primaryRoot = primaryV !== undefined && asRoot(primaryV, obs, false) !== null
  const roots: Root[] = []
  for (const v of violations) {
    const root = asRoot(v, obs, primaryRoot)
    if (root !== null) roots.push({ key: v.key, ...root })
  }
  roots.sort((a, b) => b.priority - a.priority)
  for (const r of roots) out.set(r.key, { cause: null, priority: r.priority, reason: `${r.what}: a root — repair it` })
  for (const v of violations) {
    if (out.has(v.key)) continue
    const cause = causeOf(v, roots)
    if (cause === undefined) continue
    // No agreed primary cannot clear before a quorum of Sentinels is back; the others may settle on their own.
    const blocked = v.invariant === 'primary_agreed'
    out.set(v.key, { cause: cause.key, priority: 0, reason: `${v.message}: follows from ${cause.what}`, blocked })
  }
  return out
}
