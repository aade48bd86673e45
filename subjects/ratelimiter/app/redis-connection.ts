/**
 * The app's one ioredis connection, found through the Sentinels: it follows
 * a failover (Sentinel's +switch-master, or a reconnect that asks again), gives
 * up on a slow command after the command timeout, and says which Redis it is
 * connected to right now. Connection events are logged once per change.
 *
 * ioredis ends a Sentinel connection for good when its failover detector
 * (subscribed from the previous connection) fires while a reconnect is
 * resolving the primary: the reconnect fails with "Connection is closed." and
 * the status becomes `end`. An app must never stop looking for Redis, so an
 * end it did not ask for is followed by a fresh connect.
 */
import { Redis } from 'ioredis'
import type { AppConfig } from './app-config.js'

const RECONNECT_AFTER_END_MS = 250

export type LogEvent = (event: string, fields?: Record<string, unknown>) => void

export interface RedisConnection {
  client: Redis
  /** `127.0.0.1:<port>` of the Redis the connection uses while ready; null otherwise. */
  address(): string | null
  port(): number | null
  status(): string
  close(): Promise<void>
}

export function connectRedis(config: AppConfig, log: LogEvent): RedisConnection {
  const client = new Redis({
    sentinels: config.sentinels.map((port) => ({ host: '127.0.0.1', port })),
    name: config.masterName,
    role: 'master',
    failoverDetector: true,
    sentinelCommandTimeout: 500,
    connectTimeout: 1000,
    commandTimeout: config.commandTimeoutMs,
    // A request never waits for a reconnect: the insurance limiter answers instead.
    maxRetriesPerRequest: 0,
    retryStrategy: (times) => Math.min(times * 100, 500),
    sentinelRetryStrategy: (times) => Math.min(times * 100, 1000),
  })
  const port = (): number | null => (client.status === 'ready' ? (client.stream?.remotePort ?? null) : null)
  let lastError: string | null = null
  client.on('ready', () => {
    lastError = null
    log('redis_ready', { redis: port() })
  })
  client.on('close', () => log('redis_closed'))
  client.on('reconnecting', (ms: number) => log('redis_reconnecting', { in_ms: ms }))
  let closing = false
  client.on('end', () => {
    if (closing) return
    log('redis_ended', { reconnect_in_ms: RECONNECT_AFTER_END_MS })
    setTimeout(() => {
      if (!closing && client.status === 'end') client.connect().catch(() => undefined)
    }, RECONNECT_AFTER_END_MS).unref()
  })
  client.on('error', (err: Error) => {
    // The same failure with another retry delay or port is the same news: logged once until the next ready.
    const kind = err.message.replace(/\d+/g, 'N')
    if (kind === lastError) return
    lastError = kind
    log('redis_error', { error: err.message })
  })
  return {
    client,
    port,
    address: () => {
      const p = port()
      return p === null ? null : `${client.stream.remoteAddress ?? '127.0.0.1'}:${p}`
    },
    status: () => client.status,
    close: async () => {
      closing = true
      client.disconnect(false)
    },
  }
}
