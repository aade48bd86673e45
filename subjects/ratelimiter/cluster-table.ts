/**
 * The Cluster panel's view of a ratelimiter observation: one row per Redis
 * node (role, replication link and lag, memory, evictions, limiter keys
 * without a TTL), per Sentinel (the primary it names) and per app (health,
 * the Redis it is connected to, insurance share of the last 10 s, p99),
 * toned by health, under a headline of the agreed primary and the limit.
 */
import type { ClusterTable } from '../../src/core/subject.js'
import {
  type AppObservation,
  type RatelimiterObservation,
  RatelimiterObservationSchema,
  type RedisNodeObservation,
  type SentinelObservation,
} from './observation.js'

type Row = ClusterTable['rows'][number]

const COLUMNS = ['node', 'role', 'state', 'primary', 'link/lag', 'mem', 'evict', 'no-ttl', 'ins/p99']

/** Memory above this share of maxmemory is shown in the warning tone. */
const MEMORY_WARN = 0.9

export function bytes(n: number): string {
  if (n < 1024) return `${n}B`
  if (n < 1_048_576) return `${(n / 1024).toFixed(1)}K`
  return `${(n / 1_048_576).toFixed(1)}M`
}

function processWord(process: string, reachable: boolean): string {
  if (process === 'exited') return 'dead'
  if (process === 'paused') return 'paused'
  return reachable ? 'up' : 'no answer'
}

function redisRow(n: RedisNodeObservation, obs: RatelimiterObservation): Row {
  const state = processWord(n.process, n.reachable)
  if (state !== 'up') return { cells: [n.name, '-', state, '-', '-', '-', '-', '-', '-'], tone: 'bad' }
  const fraction = n.used_memory !== null && n.maxmemory !== null ? n.used_memory / n.maxmemory : null
  const replica = n.role === 'slave'
  const upstream = replica
    ? (obs.redis.find((p) => p.port === n.replicates_port)?.name ?? `:${n.replicates_port}`)
    : '-'
  const link = replica ? `${n.link_up ? 'up' : 'down'} ${n.lag_bytes === null ? '?' : bytes(n.lag_bytes)}` : '-'
  const stray = n.role === 'master' && obs.primary !== null && obs.primary !== n.name
  const ttlLess = n.keys_without_ttl ?? 0
  const bad = (replica && !n.link_up) || stray || (n.name === obs.primary && ttlLess > 0)
  const warn = fraction !== null && fraction > MEMORY_WARN
  return {
    cells: [
      n.name,
      replica ? 'replica' : (n.role ?? '?'),
      state,
      upstream,
      link,
      fraction === null ? '-' : `${Math.round(fraction * 100)}%`,
      n.evicted_keys === null ? '-' : String(n.evicted_keys),
      n.keys_without_ttl === null ? '-' : String(n.keys_without_ttl),
      '-',
    ],
    tone: bad ? 'bad' : warn ? 'warn' : 'ok',
  }
}

function sentinelRow(s: SentinelObservation, obs: RatelimiterObservation): Row {
  const state = processWord(s.process, s.reachable)
  const tone = state !== 'up' ? 'bad' : s.primary !== obs.primary ? 'warn' : 'ok'
  return { cells: [s.name, 'sentinel', state, s.primary ?? '-', '-', '-', '-', '-', '-'], tone }
}

function appRow(a: AppObservation, obs: RatelimiterObservation): Row {
  // The last 10 s when the app says; since it started otherwise (an app of an older build).
  const answered = a.served.redis + a.served.insurance
  const recent = a.recent_insurance_share ?? (answered === 0 ? null : a.served.insurance / answered)
  const share = recent === null ? '-' : `${Math.round(recent * 100)}%`
  const p99 = a.p99_ms === null ? '-' : `${a.p99_ms.toFixed(1)}ms`
  const state = a.process !== 'running' ? processWord(a.process, false) : a.healthy ? 'healthy' : 'unhealthy'
  const bad = a.process !== 'running' || !a.healthy || (obs.primary !== null && a.redis !== obs.primary)
  return {
    cells: [a.name, 'app', state, a.redis ?? 'none', '-', '-', '-', '-', `${share} ${p99}`],
    tone: bad ? 'bad' : a.redis === null ? 'warn' : 'ok',
  }
}

function headline(obs: RatelimiterObservation): string {
  const voters = obs.sentinels.filter((s) => s.reachable && s.primary === obs.primary).length
  const primary =
    obs.primary === null ? 'NO AGREED PRIMARY' : `primary ${obs.primary} (agreed by ${voters}/${obs.sentinels.length})`
  const limit = obs.limit
  const truth =
    limit === null
      ? 'no workload truth'
      : `limit ${limit.points}/${limit.duration_s}s · over-limit windows ${limit.over_limit_windows}`
  return `${primary} · ${truth}`
}

export function ratelimiterClusterTable(observation: unknown): ClusterTable | null {
  const parsed = RatelimiterObservationSchema.safeParse(observation)
  if (!parsed.success) return null
  const obs = parsed.data
  return {
    headline: headline(obs),
    columns: COLUMNS,
    rows: [
      ...obs.redis.map((n) => redisRow(n, obs)),
      ...obs.sentinels.map((s) => sentinelRow(s, obs)),
      ...obs.apps.map((a) => appRow(a, obs)),
    ],
  }
}
