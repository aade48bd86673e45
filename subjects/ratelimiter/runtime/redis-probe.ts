/**
 * One command to one Redis node or Sentinel on 127.0.0.1, bounded in time:
 * a fresh connection that never retries, closed after the answer. What
 * startup and restarts ask; the observer keeps its own clients.
 */
import { Redis } from 'ioredis'
import { MASTER_NAME } from '../defaults.js'
import { masterPort, parseInfo } from './redis-info.js'
import { PROBE_TIMEOUT_MS } from './settings.js'

export async function redisCall(port: number, args: readonly string[], timeoutMs = PROBE_TIMEOUT_MS): Promise<unknown> {
  const [command, ...rest] = args
  if (command === undefined) throw new Error('no command')
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    protocol: 2,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  })
  client.on('error', () => undefined)
  try {
    await client.connect()
    return await client.call(command, ...rest)
  } finally {
    client.disconnect(false)
  }
}

/** `INFO <section>` of a node as fields. */
export async function redisInfo(port: number, section = 'replication'): Promise<Record<string, string>> {
  return parseInfo(String(await redisCall(port, ['INFO', section])))
}

/** The primary's port as one Sentinel names it; null when it cannot say. */
export async function sentinelPrimaryPort(port: number, masterName = MASTER_NAME): Promise<number | null> {
  try {
    return masterPort(await redisCall(port, ['SENTINEL', 'get-master-addr-by-name', masterName]))
  } catch {
    return null
  }
}
