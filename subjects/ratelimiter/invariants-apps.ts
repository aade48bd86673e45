/**
 * The invariants of the app instances: healthy, connected to the agreed
 * primary, served by Redis rather than the in-memory insurance limiter, and
 * quick. The insurance share needs the previous observation: the apps count
 * requests since they started.
 */
import type { Violation } from '../../src/core/subject.js'
import type { RatelimiterCheckerConfig } from './checker-config.js'
import { violation } from './invariants.js'
import type { AppObservation, RatelimiterObservation } from './observation.js'

const isUp = (a: AppObservation): boolean => a.process === 'running' && a.healthy

export function appsHealthy(obs: RatelimiterObservation): Violation[] {
  return obs.apps
    .filter((a) => !isUp(a))
    .map((a) =>
      violation(
        'apps_healthy',
        a.name,
        a.process === 'running'
          ? `${a.name} is unhealthy: ${a.error ?? 'no answer'}`
          : `${a.name} is down (process ${a.process})`,
        { process: a.process, healthy: a.healthy, error: a.error, port: a.port },
      ),
    )
}

/** Healthy apps whose connection points elsewhere than the agreed primary (nothing to say while none is agreed). */
export function appsOnPrimary(obs: RatelimiterObservation): Violation[] {
  const primary = obs.primary
  if (primary === null) return []
  return obs.apps
    .filter((a) => isUp(a) && a.redis !== primary)
    .map((a) =>
      violation(
        'apps_on_primary',
        a.name,
        a.redis === null
          ? `${a.name} is connected to no Redis (the primary is ${primary})`
          : `${a.name} is connected to ${a.redis}, not the primary ${primary}`,
        { redis: a.redis, primary },
      ),
    )
}

/** Answers since the previous observation by path; the current counts when the app restarted in between. */
export function servedSince(current: AppObservation, previous: AppObservation | undefined) {
  const now = current.served
  const before = previous?.served
  if (before === undefined || now.redis < before.redis || now.insurance < before.insurance) return null
  return { redis: now.redis - before.redis, insurance: now.insurance - before.insurance }
}

export function insurancePath(
  obs: RatelimiterObservation,
  prior: RatelimiterObservation | null,
  config: RatelimiterCheckerConfig,
): Violation[] {
  if (prior === null) return []
  return obs.apps.flatMap((a) => {
    const served = servedSince(
      a,
      prior.apps.find((p) => p.name === a.name),
    )
    if (served === null || served.insurance === 0) return []
    const share = served.insurance / (served.redis + served.insurance)
    if (share <= config.maxInsuranceShare) return []
    return [
      violation(
        'insurance_path',
        a.name,
        `${a.name} answered ${Math.round(share * 100)}% of its requests from the in-memory insurance limiter`,
        { ...served, share, since: prior.at, redis_node: a.redis },
      ),
    ]
  })
}

export function limiterLatency(obs: RatelimiterObservation, config: RatelimiterCheckerConfig): Violation[] {
  return obs.apps
    .filter((a) => a.p99_ms !== null && a.p99_ms > config.maxP99Ms)
    .map((a) =>
      violation(
        'limiter_latency',
        a.name,
        `${a.name} limiter p99 ${a.p99_ms?.toFixed(1)} ms (limit ${config.maxP99Ms} ms)`,
        {
          p99_ms: a.p99_ms,
          max_p99_ms: config.maxP99Ms,
        },
      ),
    )
}
