/**
 * The config files of a run's Redis nodes and Sentinels, as text. Pure: the
 * launch writes them; tests read them. Every node listens on 127.0.0.1 only,
 * logs to stdout (its log file) and keeps its state in its own data dir.
 */
import { DOWN_AFTER_MS, FAILOVER_TIMEOUT_MS } from './settings.js'

export interface RedisConfig {
  port: number
  dataDir: string
  maxmemoryBytes: number
  maxmemoryPolicy: string
  /** The primary's port for a replica; null for the primary. */
  replicaOf: number | null
}

export interface SentinelConfig {
  port: number
  dataDir: string
  masterName: string
  /** The primary's port when the Sentinel first starts. */
  primaryPort: number
  quorum: number
  downAfterMs?: number
  failoverTimeoutMs?: number
}

const lines = (entries: readonly string[]): string => `${entries.join('\n')}\n`

export function redisConf(c: RedisConfig): string {
  return lines([
    `port ${c.port}`,
    'bind 127.0.0.1',
    // Below the kernel's somaxconn, so Redis does not warn at every start.
    'tcp-backlog 128',
    // Loopback only and no password: protected mode accepts loopback clients and refuses any other.
    'protected-mode yes',
    'daemonize no',
    'logfile ""',
    `dir ${c.dataDir}`,
    // The counters live for a window; persistence would only cost disk and time.
    'save ""',
    'appendonly no',
    `maxmemory ${c.maxmemoryBytes}`,
    `maxmemory-policy ${c.maxmemoryPolicy}`,
    // A replica that (re)joins is synced at once instead of after the default 5 s delay.
    'repl-diskless-sync yes',
    'repl-diskless-sync-delay 0',
    'replica-announce-ip 127.0.0.1',
    ...(c.replicaOf === null ? [] : [`replicaof 127.0.0.1 ${c.replicaOf}`]),
  ])
}

export function sentinelConf(c: SentinelConfig): string {
  const name = c.masterName
  return lines([
    `port ${c.port}`,
    'bind 127.0.0.1',
    'tcp-backlog 128',
    'protected-mode no',
    'daemonize no',
    'logfile ""',
    `dir ${c.dataDir}`,
    'sentinel resolve-hostnames no',
    'sentinel announce-hostnames no',
    'sentinel announce-ip 127.0.0.1',
    `sentinel monitor ${name} 127.0.0.1 ${c.primaryPort} ${c.quorum}`,
    `sentinel down-after-milliseconds ${name} ${c.downAfterMs ?? DOWN_AFTER_MS}`,
    `sentinel failover-timeout ${name} ${c.failoverTimeoutMs ?? FAILOVER_TIMEOUT_MS}`,
    `sentinel parallel-syncs ${name} 1`,
  ])
}
