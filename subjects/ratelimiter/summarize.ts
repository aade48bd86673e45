/**
 * One short human line per observation, for headless output:
 * `primary=r1 3/3 | r1 master 4% | r2 replica up lag 0B | r3 dead | sentinels r1,r1,r1 | a1 ok→r1 2.1ms | … | limit 0 of 212 windows over, 38% 429`.
 */
import { bytes } from './cluster-table.js'
import type { AppObservation, RatelimiterObservation, RedisNodeObservation } from './observation.js'

function redisPart(n: RedisNodeObservation): string {
  if (n.process !== 'running') return `${n.name} ${n.process === 'exited' ? 'dead' : n.process}`
  if (!n.reachable) return `${n.name} no answer`
  const mem =
    n.used_memory !== null && n.maxmemory !== null ? ` ${Math.round((n.used_memory / n.maxmemory) * 100)}%` : ''
  const ttl = n.keys_without_ttl ? ` ${n.keys_without_ttl} no-ttl` : ''
  if (n.role !== 'slave') return `${n.name} ${n.role ?? '?'}${mem}${ttl}`
  const lag = n.lag_bytes === null ? '' : ` lag ${bytes(n.lag_bytes)}`
  return `${n.name} replica ${n.link_up ? 'up' : 'down'}${lag}${mem}${ttl}`
}

function appPart(a: AppObservation): string {
  if (a.process !== 'running') return `${a.name} ${a.process === 'exited' ? 'dead' : a.process}`
  if (!a.healthy) return `${a.name} unhealthy`
  const p99 = a.p99_ms === null ? '' : ` ${a.p99_ms.toFixed(1)}ms`
  return `${a.name} ok→${a.redis ?? 'none'}${p99}`
}

function limitPart(obs: RatelimiterObservation): string {
  const l = obs.limit
  if (l === null) return 'limit: no workload'
  const share = `${Math.round(l.rejected_share * 100)}% 429`
  if (l.windows === 0) return `limit: no window closed yet, ${share}`
  return `limit ${l.over_limit_windows} of ${l.windows} windows over, ${share}`
}

export function summarizeObservation(obs: RatelimiterObservation): string {
  const voters = obs.sentinels.filter((s) => s.reachable && s.primary === obs.primary).length
  const head = obs.primary === null ? 'primary=none' : `primary=${obs.primary} ${voters}/${obs.sentinels.length}`
  const sentinels = `sentinels ${obs.sentinels.map((s) => (s.reachable ? (s.primary ?? '?') : '-')).join(',')}`
  return [head, ...obs.redis.map(redisPart), sentinels, ...obs.apps.map(appPart), limitPart(obs)].join(' | ')
}
