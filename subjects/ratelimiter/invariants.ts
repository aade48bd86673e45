/**
 * The instantaneous ratelimiter invariants of the limit, Sentinel and the
 * Redis nodes: pure functions of one observation. Grace periods and the
 * previous observation, which need history, come from checker.ts.
 */
import type { Violation } from '../../src/core/subject.js'
import type { RatelimiterCheckerConfig, RatelimiterInvariant } from './checker-config.js'
import { INVARIANT_SEVERITY } from './checker-config.js'
import type { RatelimiterObservation, RedisNodeObservation } from './observation.js'
import { allowedPerWindow } from './workload-truth.js'

export function violation(
  invariant: RatelimiterInvariant,
  target: string | null,
  message: string,
  evidence: Record<string, unknown>,
  keyTarget = target,
): Violation {
  return {
    invariant,
    key: keyTarget === null ? invariant : `${invariant}:${keyTarget}`,
    severity: INVARIANT_SEVERITY[invariant],
    target,
    message,
    evidence,
  }
}

/** A node that is running and answered. */
export const isUp = (n: RedisNodeObservation): boolean => n.process === 'running' && n.reachable

/** Over-limit windows of the truth's horizon, while the latest of them is recent. */
export function limitHolds(
  obs: RatelimiterObservation,
  config: Pick<RatelimiterCheckerConfig, 'limitRecentMs'>,
): Violation[] {
  const limit = obs.limit
  if (limit === null || limit.over_limit_windows === 0) return []
  if (limit.latest_over_end !== null && limit.latest_over_end < limit.at - config.limitRecentMs) return []
  const allowed = allowedPerWindow(limit.points, limit.tolerance)
  const worst = limit.worst ? ` (worst: ${limit.worst.key} admitted ${limit.worst.admitted})` : ''
  return [
    violation(
      'limit_holds',
      null,
      `${limit.over_limit_windows} of ${limit.windows} recent windows admitted more than ${allowed} requests per key${worst}`,
      { ...limit, allowed_per_window: allowed },
    ),
  ]
}

/** One primary the Sentinels agree on, running, answering and a master; one ticket whichever node it is about. */
export function primaryAgreed(obs: RatelimiterObservation): Violation[] {
  const sentinels = obs.sentinels.map((s) => ({ name: s.name, reachable: s.reachable, primary: s.primary }))
  if (obs.primary === null)
    return [violation('primary_agreed', null, 'the Sentinels agree on no primary', { sentinels }, null)]
  const node = obs.redis.find((n) => n.name === obs.primary)
  if (node !== undefined && isUp(node) && node.role === 'master') return []
  const why =
    node === undefined
      ? 'is no node of this run'
      : !isUp(node)
        ? `does not answer (process ${node.process})`
        : `is not a master (role ${node.role ?? 'unknown'})`
  const evidence = { primary: obs.primary, process: node?.process, error: node?.error, role: node?.role, sentinels }
  return [violation('primary_agreed', obs.primary, `the agreed primary ${obs.primary} ${why}`, evidence, null)]
}

export function redisNodesUp(obs: RatelimiterObservation): Violation[] {
  return obs.redis
    .filter((n) => !isUp(n))
    .map((n) =>
      violation(
        'redis_nodes_up',
        n.name,
        n.process === 'running' ? `${n.name} does not answer` : `${n.name} is down (process ${n.process})`,
        { process: n.process, reachable: n.reachable, error: n.error, port: n.port },
      ),
    )
}

/** Why a node that answers is not a good replica of the agreed primary; [] when it is (or is the primary). */
function replicaProblems(n: RedisNodeObservation, obs: RatelimiterObservation, config: RatelimiterCheckerConfig) {
  const primaryPort = obs.redis.find((p) => p.name === obs.primary)?.port ?? null
  const problems: string[] = []
  if (n.role === 'master' && obs.primary !== null && n.name !== obs.primary)
    problems.push(`is a master, but the agreed primary is ${obs.primary}`)
  if (n.role !== 'slave') return problems
  if (n.link_up === false) problems.push('has its link to the primary down')
  if (primaryPort !== null && n.replicates_port !== primaryPort) {
    const from = n.replicates_port === null ? 'an unknown primary' : `127.0.0.1:${n.replicates_port}`
    problems.push(`replicates from ${from}, not the primary ${obs.primary}`)
  }
  if (n.lag_bytes !== null && n.lag_bytes > config.maxLagBytes)
    problems.push(`lags ${n.lag_bytes} B behind (limit ${config.maxLagBytes} B)`)
  return problems
}

export function replicaLinks(obs: RatelimiterObservation, config: RatelimiterCheckerConfig): Violation[] {
  return obs.redis.filter(isUp).flatMap((n) => {
    const problems = replicaProblems(n, obs, config)
    if (problems.length === 0) return []
    const evidence = {
      role: n.role,
      link_up: n.link_up,
      replicates_port: n.replicates_port,
      lag_bytes: n.lag_bytes,
      max_lag_bytes: config.maxLagBytes,
      primary: obs.primary,
    }
    return [violation('replica_links', n.name, `${n.name} ${problems.join('; ')}`, evidence)]
  })
}

export function sentinelsUp(obs: RatelimiterObservation): Violation[] {
  return obs.sentinels
    .filter((s) => s.process !== 'running' || !s.reachable)
    .map((s) =>
      violation(
        'sentinels_up',
        s.name,
        s.process === 'running'
          ? `Sentinel ${s.name} does not answer`
          : `Sentinel ${s.name} is down (process ${s.process})`,
        { process: s.process, reachable: s.reachable, error: s.error, port: s.port },
      ),
    )
}
