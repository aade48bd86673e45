/**
 * One poll of a ratelimiter run: every Redis node (role, replication link,
 * memory, evictions, limiter keys without a TTL), every Sentinel's view of
 * the primary, every app (health, the Redis it is connected to, which path
 * served its requests, latency), and the workload's ground truth of admitted
 * requests per key and window.
 */
import { z } from 'zod'

export const ProcessState = z.enum(['running', 'paused', 'exited'])
export type ProcessState = z.infer<typeof ProcessState>

export const RedisNodeObservation = z.object({
  name: z.string(),
  port: z.number().int(),
  process: ProcessState,
  /** Answered INFO within the poll's deadline. */
  reachable: z.boolean(),
  error: z.string().nullable(),
  role: z.enum(['master', 'slave']).nullable(),
  /** A replica: the port of the primary it replicates from; null for a primary or when unknown. */
  replicates_port: z.number().int().nullable(),
  /** A replica: `master_link_status:up`. */
  link_up: z.boolean().nullable(),
  /** A replica: bytes behind the primary's offset; null when unknown. */
  lag_bytes: z.number().nullable(),
  used_memory: z.number().nullable(),
  maxmemory: z.number().nullable(),
  evicted_keys: z.number().nullable(),
  /** Limiter keys (`rl:*`) without a TTL, and a few of them by name. */
  keys_without_ttl: z.number().nullable(),
  ttl_less_sample: z.array(z.string()),
  limiter_keys: z.number().nullable(),
})
export type RedisNodeObservation = z.infer<typeof RedisNodeObservation>

export const SentinelObservation = z.object({
  name: z.string(),
  port: z.number().int(),
  process: ProcessState,
  reachable: z.boolean(),
  error: z.string().nullable(),
  /** The primary this Sentinel names (`SENTINEL get-master-addr-by-name`), as a node name; null when unknown. */
  primary: z.string().nullable(),
})
export type SentinelObservation = z.infer<typeof SentinelObservation>

export const AppObservation = z.object({
  name: z.string(),
  port: z.number().int(),
  process: ProcessState,
  healthy: z.boolean(),
  error: z.string().nullable(),
  /** The Redis node the app's connection points at, as a node name; null when not connected. */
  redis: z.string().nullable(),
  /** Requests since start by the path that answered them. */
  served: z.object({ redis: z.number(), insurance: z.number(), rejected: z.number() }),
  /** Limiter latency p99 over the app's recent requests (ms); null before any. */
  p99_ms: z.number().nullable(),
  /** Share of the app's requests of the last 10 s the insurance limiter answered; null when none (or an older app). */
  recent_insurance_share: z.number().nullable().default(null),
})
export type AppObservation = z.infer<typeof AppObservation>

/** The workload's ground truth over its recent closed windows; null when no workload runs. */
export const LimitObservation = z.object({
  points: z.number(),
  duration_s: z.number(),
  tolerance: z.number(),
  /** When the truth file was last written. */
  at: z.number(),
  windows: z.number(),
  /** Closed windows in which some key was admitted more than points × (1 + tolerance) times. */
  over_limit_windows: z.number(),
  worst: z.object({ key: z.string(), window_start: z.number(), admitted: z.number() }).nullable(),
  /** When the latest over-limit window ended; null when none did (a truth written before it was kept counts as recent). */
  latest_over_end: z.number().nullable().default(null),
  /** Share of all requests answered 429. */
  rejected_share: z.number(),
})
export type LimitObservation = z.infer<typeof LimitObservation>

export const RatelimiterObservationSchema = z.object({
  subject: z.literal('ratelimiter'),
  run_id: z.string(),
  at: z.number(),
  duration_ms: z.number(),
  redis: z.array(RedisNodeObservation),
  sentinels: z.array(SentinelObservation),
  apps: z.array(AppObservation),
  /** The primary a quorum of reachable Sentinels agrees on; null when they do not agree. */
  primary: z.string().nullable(),
  maxmemory_ceiling: z.number(),
  limit: LimitObservation.nullable(),
})
export type RatelimiterObservation = z.infer<typeof RatelimiterObservationSchema>
