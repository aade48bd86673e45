/**
 * The ratelimiter runtime's programs and timings: Debian's `redis-server` and
 * `redis-sentinel` unless OPERATOR_REDIS_SERVER_BINARY / OPERATOR_REDIS_SENTINEL_BINARY
 * say otherwise, and how quickly Sentinel declares a primary down and fails over.
 */

export function redisServerBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.OPERATOR_REDIS_SERVER_BINARY ?? 'redis-server'
}

export function redisSentinelBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.OPERATOR_REDIS_SENTINEL_BINARY ?? 'redis-sentinel'
}

/** The fix for a missing Redis program, named in every error that finds one missing. */
export const REDIS_FIX =
  'install redis-server and redis-sentinel (`bash scripts/setup.sh`, or `apt-get install redis-server redis-sentinel`) or set OPERATOR_REDIS_SERVER_BINARY / OPERATOR_REDIS_SENTINEL_BINARY'

/** Sentinel's `down-after-milliseconds`: how long a silent primary is given before it is subjectively down. */
export const DOWN_AFTER_MS = 1500
/** Sentinel's `failover-timeout`: kept small so a failed attempt is retried within seconds. */
export const FAILOVER_TIMEOUT_MS = 5000
/** How long `up` waits for replication, Sentinel agreement and the apps. */
export const STARTUP_TIMEOUT_MS = 30_000
/** How long a SIGTERM is given before SIGKILL. */
export const STOP_GRACE_MS = 5000
/** Each probe of a node during startup and restarts. */
export const PROBE_TIMEOUT_MS = 1000
