/**
 * The playbook's plans for the Redis side: a primary that does not serve
 * (fail over, then restart the old one; restart it when no replica can take
 * over), a node or replica link down, evictions (more memory, within the
 * ceiling). Pure.
 */
import type { Candidate, Violation } from '../../src/core/subject.js'
import { DEFAULT_MAXMEMORY_BYTES } from './defaults.js'
import { isUp } from './invariants.js'
import type { RatelimiterObservation, RedisNodeObservation } from './observation.js'

type Obs = RatelimiterObservation
const MIB = 1024 * 1024

export const step = (action: string, params: Record<string, unknown>) => ({ action, params })
export const plan = (
  steps: Candidate['steps'],
  rationale: string,
  evidence: Record<string, unknown>,
  score: number,
) => ({
  steps,
  rationale,
  evidence,
  score,
})

export function downWhy(name: string, process: string, reachable: boolean): string {
  if (process === 'exited') return `${name}'s process has exited (crashed or killed)`
  if (process === 'paused') return `${name}'s process is stopped (SIGSTOP) and answers nothing`
  return reachable ? `${name} misbehaves` : `${name}'s process runs but does not answer`
}

export function restartRedis(n: RedisNodeObservation, obs: Obs, score: number, why?: string): Candidate {
  const rejoin = obs.primary !== null && obs.primary !== n.name ? `; it rejoins as a replica of ${obs.primary}` : ''
  return plan(
    [step('restart_redis_node', { member: n.name })],
    `${why ?? downWhy(n.name, n.process, n.reachable)}: restart it${rejoin}`,
    { member: n.name, process: n.process, reachable: n.reachable, primary: obs.primary },
    score,
  )
}

export function primaryCandidates(obs: Obs): Candidate[] {
  const old = obs.redis.find((n) => n.name === obs.primary)
  const oldDown = old !== undefined && !isUp(old)
  const promotable = obs.redis.filter((n) => isUp(n) && n.role === 'slave' && n.name !== obs.primary)
  const evidence = { primary: obs.primary, promotable: promotable.map((n) => n.name), sentinels: obs.sentinels }
  const failover = step('sentinel_failover', {})
  const out: Candidate[] = []
  const gone = old === undefined ? 'the Sentinels agree on no primary' : `the primary ${old.name} does not serve`
  if (promotable.length > 0) {
    if (oldDown)
      out.push(
        plan(
          [failover, step('restart_redis_node', { member: old.name })],
          `${gone} (${downWhy(old.name, old.process, old.reachable)}): fail over to a replica (${promotable.map((n) => n.name).join(', ')}), then restart ${old.name} so it rejoins as a replica`,
          evidence,
          90,
        ),
      )
    out.push(plan([failover], `${gone}: fail over to a replica that is up`, evidence, 80))
  }
  if (oldDown) out.push(restartRedis(old, obs, promotable.length > 0 ? 50 : 85, `${gone} and no replica can take over`))
  else if (promotable.length === 0)
    out.push(
      ...obs.redis.filter((n) => !isUp(n)).map((n) => restartRedis(n, obs, 60, `${gone}; no replica is up to promote`)),
    )
  return out
}

export function replicaLinks(v: Violation, obs: Obs): Candidate[] {
  const n = obs.redis.find((x) => x.name === v.target)
  if (n === undefined) return []
  const primaryPort = obs.redis.find((x) => x.name === obs.primary)?.port ?? null
  const misplaced = n.role === 'master' || n.link_up === false || n.replicates_port !== primaryPort
  if (!misplaced) return [restartRedis(n, obs, 30, `${n.name} lags behind ${obs.primary}; a restart resyncs it`)]
  return [
    plan(
      [step('replicaof', { member: n.name })],
      `${v.message}: point it at the agreed primary ${obs.primary} (REPLICAOF) and wait for its link`,
      v.evidence,
      85,
    ),
    restartRedis(n, obs, 60, `${v.message}; if REPLICAOF does not bring its link up`),
  ]
}

/** A maxmemory that gives room again: twice what is used or set, the default at least, at most the ceiling; null when it would not raise it. */
export function raisedMaxmemory(n: RedisNodeObservation, ceiling: number): number | null {
  const current = n.maxmemory ?? 0
  const wanted = Math.max(DEFAULT_MAXMEMORY_BYTES, 2 * (n.used_memory ?? 0), 2 * current)
  const bytes = Math.min(ceiling, Math.ceil(wanted / MIB) * MIB)
  return bytes > current && bytes > (n.used_memory ?? 0) ? bytes : null
}

export function noEvictions(v: Violation, obs: Obs): Candidate[] {
  const n = obs.redis.find((x) => x.name === v.target)
  const bytes = n === undefined ? null : raisedMaxmemory(n, obs.maxmemory_ceiling)
  if (n === undefined || bytes === null) return []
  const why = `${v.message}: raise its maxmemory ${n.maxmemory ?? '?'} → ${bytes} bytes (ceiling ${obs.maxmemory_ceiling}); the counters left need no reset`
  return [plan([step('set_maxmemory', { member: n.name, bytes })], why, v.evidence, 85)]
}
