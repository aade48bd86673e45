/**
 * What makes a ratelimiter action riskier than its base risk right now:
 * acting on the primary (every app's counters live there: a restart loses
 * them or brings a failover), or taking a node away while another of its kind is
 * already down (the Sentinels' quorum, the replicas left to promote, the
 * apps left to serve). Raising maxmemory is neither; lowering it on the
 * primary may evict counters.
 */
import type { RatelimiterObservation } from './observation.js'

/** Actions that take their member away for a while, or change what it holds. */
const DISRUPTIVE = new Set(['restart_redis_node', 'replicaof', 'set_maxmemory', 'restart_app_node'])

type Member = { name: string; down: boolean }

function membersOf(obs: RatelimiterObservation, name: string): Member[] | null {
  const redis = obs.redis.map((n) => ({ name: n.name, down: n.process !== 'running' || !n.reachable }))
  const sentinels = obs.sentinels.map((s) => ({ name: s.name, down: s.process !== 'running' || !s.reachable }))
  const apps = obs.apps.map((a) => ({ name: a.name, down: a.process !== 'running' || !a.healthy }))
  return [redis, sentinels, apps].find((group) => group.some((m) => m.name === name)) ?? null
}

export function ratelimiterRiskFactors(
  action: string,
  params: Record<string, unknown>,
  obs: RatelimiterObservation,
): string[] {
  const factors: string[] = []
  const target = typeof params.member === 'string' ? params.member : null
  if (target === null || !DISRUPTIVE.has(action)) return factors
  const group = membersOf(obs, target)
  const self = group?.find((m) => m.name === target)
  if (action === 'set_maxmemory') {
    // Raising maxmemory takes nothing away; lowering it on the primary may evict the limiter's counters.
    const now = obs.redis.find((n) => n.name === target)?.maxmemory ?? null
    const lowers = typeof params.bytes === 'number' && (now === null || now === 0 || params.bytes < now)
    if (lowers && target === obs.primary && self !== undefined && !self.down)
      factors.push(`lowers the primary ${obs.primary}'s maxmemory: it may evict counters`)
    return factors
  }
  // A primary that is already down loses nothing more to a restart.
  if (self !== undefined && !self.down && target === obs.primary) factors.push(`acts on the primary ${obs.primary}`)
  const othersDown = (group ?? []).filter((m) => m.name !== target && m.down).map((m) => m.name)
  if (self !== undefined && !self.down && othersDown.length > 0)
    factors.push(`removes capacity while ${othersDown.join(', ')} ${othersDown.length === 1 ? 'is' : 'are'} down`)
  return factors
}
