/**
 * The ratelimiter invariant checker. `evaluate` is the condition of one
 * observation; `check` follows a stream of observations (each one's `at` is
 * the clock) and applies grace periods, so a Sentinel failover that completes
 * within its grace raises nothing. Evictions and the insurance share compare
 * with the previous observation this checker saw (both methods remember it,
 * and seeing the same observation twice changes nothing): Redis and the apps
 * count since they started. A broken limit that a disturbance of the shared
 * count explains (a failover, apps on their insurance limiter) is raised while
 * the disturbance lasts, not after it: its windows are history by then.
 */
import type { InvariantChecker, Violation } from '../../src/core/subject.js'
import { DEFAULT_CHECKER_CONFIG, graceOf, type RatelimiterCheckerConfig } from './checker-config.js'
import { limitHolds, primaryAgreed, redisNodesUp, replicaLinks, sentinelsUp } from './invariants.js'
import { appsHealthy, appsOnPrimary, insurancePath, limiterLatency } from './invariants-apps.js'
import { keysHaveTtl, noEvictions } from './invariants-memory.js'
import type { RatelimiterObservation } from './observation.js'

/** Invariants whose violation disturbs the shared count: apps admit from their own memory, or from a store that lost counters. */
const DISTURBANCES = new Set(['primary_agreed', 'apps_on_primary', 'insurance_path', 'no_evictions', 'keys_have_ttl'])

/** A broken limit all of whose over-limit windows ended by the end of a disturbance that is over (plus its aftermath). */
function explainedBreak(
  v: Violation,
  obs: RatelimiterObservation,
  disturbedUntil: number,
  aftermathMs: number,
): boolean {
  const end = obs.limit?.latest_over_end
  return v.invariant === 'limit_holds' && end !== null && end !== undefined && end <= disturbedUntil + aftermathMs
}

/** A previous observation older than this says nothing about "since the last poll". */
export const MAX_PRIOR_AGE_MS = 10_000

/** Every invariant of one observation, growth measured against `prior`; in display order. */
export function evaluateAll(
  obs: RatelimiterObservation,
  prior: RatelimiterObservation | null,
  config: RatelimiterCheckerConfig,
): Violation[] {
  return [
    ...limitHolds(obs, config),
    ...primaryAgreed(obs),
    ...redisNodesUp(obs),
    ...replicaLinks(obs, config),
    ...sentinelsUp(obs),
    ...appsOnPrimary(obs),
    ...appsHealthy(obs),
    ...insurancePath(obs, prior, config),
    ...noEvictions(obs, prior, config),
    ...keysHaveTtl(obs),
    ...limiterLatency(obs, config),
  ]
}

/** Remembers the latest observation seen and the one before it, by `at`. */
function createPriorTracker() {
  let latest: RatelimiterObservation | null = null
  let before: RatelimiterObservation | null = null
  return (obs: RatelimiterObservation): RatelimiterObservation | null => {
    if (latest === null || obs.at > latest.at) {
      before = latest
      latest = obs
    } else if (obs.at < latest.at) {
      return null
    }
    return before !== null && obs.at - before.at <= MAX_PRIOR_AGE_MS ? before : null
  }
}

export function createRatelimiterChecker(
  overrides: Partial<RatelimiterCheckerConfig> = {},
): InvariantChecker<RatelimiterObservation> {
  const config: RatelimiterCheckerConfig = { ...DEFAULT_CHECKER_CONFIG, ...overrides }
  const priorOf = createPriorTracker()
  /** Violation key → `at` of the first observation in the current streak that showed it. */
  const since = new Map<string, number>()
  /** `at` of the latest observation that showed a disturbance of the shared count. */
  let disturbedUntil = Number.NEGATIVE_INFINITY

  return {
    evaluate: (obs) => evaluateAll(obs, priorOf(obs), config),

    check(obs) {
      const all = evaluateAll(obs, priorOf(obs), config)
      const disturbed = all.some((v) => DISTURBANCES.has(v.invariant))
      if (disturbed) disturbedUntil = Math.max(disturbedUntil, obs.at)
      const now = disturbed ? all : all.filter((v) => !explainedBreak(v, obs, disturbedUntil, config.limitAftermathMs))
      const present = new Set(now.map((v) => v.key))
      for (const key of [...since.keys()]) if (!present.has(key)) since.delete(key)
      const out: Violation[] = []
      for (const v of now) {
        const first = since.get(v.key) ?? obs.at
        since.set(v.key, first)
        const grace = graceOf(v, config)
        if (grace === 0) out.push(v)
        else if (obs.at - first > grace)
          out.push({ ...v, evidence: { ...v.evidence, since: first, for_ms: obs.at - first, grace_ms: grace } })
      }
      return out
    },
  }
}
