/**
 * The ratelimiter subject's fixed names and defaults: three Redis nodes (one
 * primary, two replicas at start), three Sentinels (quorum 2), three app
 * instances sharing their limits through Redis; the limit every app enforces.
 */
export const SUBJECT_NAME = 'ratelimiter'

/** Redis nodes; r1 is the primary when a run starts. */
export const REDIS_NODES = ['r1', 'r2', 'r3'] as const
export type RedisNode = (typeof REDIS_NODES)[number]

export const SENTINELS = ['s1', 's2', 's3'] as const
export type SentinelName = (typeof SENTINELS)[number]

/** App instances (plain Node HTTP, rate-limiter-flexible over ioredis with Sentinel). */
export const APPS = ['a1', 'a2', 'a3'] as const
export type AppName = (typeof APPS)[number]

/** Every member a run has, in display order: what faults and actions may target. */
export const MEMBER_NAMES: readonly string[] = [...REDIS_NODES, ...SENTINELS, ...APPS]

/** The Sentinel master name every Sentinel and app uses. */
export const MASTER_NAME = 'ratelimiter'
export const SENTINEL_QUORUM = 2

/**
 * The limit: points per key per window, shared by all apps through Redis. Low
 * enough that the workload's hot keys (about 50 requests a second each at its
 * default rate) run above it: a limit nobody reaches proves nothing.
 */
export const DEFAULT_LIMIT = { points: 20, duration_s: 1 } as const
/** Admitted per key per window may exceed points by this share before the limit counts as broken. */
export const LIMIT_TOLERANCE = 0.1

/** Redis memory: small, so eviction under pressure is reachable; `set_maxmemory` may not go above the ceiling. */
export const DEFAULT_MAXMEMORY_BYTES = 32 * 1024 * 1024
export const MAXMEMORY_CEILING_BYTES = 128 * 1024 * 1024
export const MAXMEMORY_POLICY = 'volatile-lru'

/** The prefix of every limiter key in Redis (`rate-limiter-flexible`'s keyPrefix). */
export const KEY_PREFIX = 'rl'
