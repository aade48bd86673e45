/**
 * The invariants of the counters themselves: none evicted (Redis's
 * `evicted_keys` does not grow, and `used_memory` stays under a fraction of
 * `maxmemory`, where eviction starts) and every limiter key on the primary
 * expires. Growth needs the previous observation.
 */
import type { Violation } from '../../src/core/subject.js'
import type { RatelimiterCheckerConfig } from './checker-config.js'
import { isUp, violation } from './invariants.js'
import type { RatelimiterObservation, RedisNodeObservation } from './observation.js'

/** Keys evicted since the previous observation of the node; null when unknown or the node restarted (counter reset). */
function evictedSince(node: RedisNodeObservation, prior: RatelimiterObservation | null): number | null {
  const before = prior?.redis.find((n) => n.name === node.name)?.evicted_keys ?? null
  if (before === null || node.evicted_keys === null || node.evicted_keys < before) return null
  return node.evicted_keys - before
}

export function noEvictions(
  obs: RatelimiterObservation,
  prior: RatelimiterObservation | null,
  config: RatelimiterCheckerConfig,
): Violation[] {
  return obs.redis.filter(isUp).flatMap((n) => {
    const evicted = evictedSince(n, prior)
    const fraction = n.used_memory !== null && n.maxmemory !== null ? n.used_memory / n.maxmemory : null
    const full = fraction !== null && fraction > config.memoryFraction
    if (!full && (evicted === null || evicted === 0)) return []
    const pct = fraction === null ? '?' : `${Math.round(fraction * 100)}%`
    const message =
      evicted !== null && evicted > 0
        ? `${n.name} evicted ${evicted} keys since the last poll (memory ${pct} of maxmemory)`
        : `${n.name} uses ${pct} of maxmemory (limit ${Math.round(config.memoryFraction * 100)}%): counters are about to be evicted`
    return [
      violation('no_evictions', n.name, message, {
        evicted_since_last: evicted,
        evicted_keys: n.evicted_keys,
        used_memory: n.used_memory,
        maxmemory: n.maxmemory,
        fraction: config.memoryFraction,
        maxmemory_ceiling: obs.maxmemory_ceiling,
      }),
    ]
  })
}

/** Limiter keys without a TTL on the agreed primary: they never reset, so their keys stay limited for good. */
export function keysHaveTtl(obs: RatelimiterObservation): Violation[] {
  const primary = obs.redis.find((n) => n.name === obs.primary)
  if (primary === undefined || !isUp(primary) || !primary.keys_without_ttl) return []
  return [
    violation(
      'keys_have_ttl',
      null,
      `${primary.keys_without_ttl} of ${primary.limiter_keys ?? '?'} limiter keys on ${primary.name} have no TTL`,
      {
        primary: primary.name,
        keys_without_ttl: primary.keys_without_ttl,
        limiter_keys: primary.limiter_keys,
        sample: primary.ttl_less_sample,
      },
    ),
  ]
}
