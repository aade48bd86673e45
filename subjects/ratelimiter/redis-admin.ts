/**
 * One short-lived admin connection per use to a Redis node or Sentinel on
 * loopback (ioredis): a connect and command deadline, no retries, no offline
 * queue, closed after. Plus reading INFO text. Actions and faults use it;
 * a stopped (SIGSTOP) node accepts the connection but answers nothing, so
 * every command carries its own deadline.
 */
import { Redis } from 'ioredis'
import { errorMessage } from '../../src/core/errors.js'

/** The one thing actions do with a connection: send a command, get its reply. */
export interface RedisConn {
  call(command: string, ...args: (string | number)[]): Promise<unknown>
}

/** Runs `use` on a fresh connection to 127.0.0.1:port and closes it, whatever `use` does. */
export type WithRedis = <T>(port: number, use: (conn: RedisConn) => Promise<T>) => Promise<T>

/** Deadline of a connect and of each command. */
export const ADMIN_TIMEOUT_MS = 2000

/** A client on a loopback port that fails fast: no retries, no offline queue, a deadline on connect and on each command. */
export function failFastClient(port: number, timeoutMs: number): Redis {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    reconnectOnError: () => false,
    enableOfflineQueue: false,
    enableReadyCheck: false,
  })
  // Failures surface through connect() and the commands; the event would otherwise be unhandled.
  client.on('error', () => undefined)
  return client
}

export function ioredisAdmin(timeoutMs = ADMIN_TIMEOUT_MS): WithRedis {
  return async (port, use) => {
    const client = failFastClient(port, timeoutMs)
    try {
      await client.connect()
      return await use({ call: (command, ...args) => client.call(command, ...args) })
    } finally {
      client.disconnect()
    }
  }
}

/** INFO text as fields (`role` → `master`); section headers and blank lines skipped. */
export function parseInfo(text: unknown): Map<string, string> {
  const fields = new Map<string, string>()
  for (const line of String(text).split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue
    const at = line.indexOf(':')
    if (at > 0) fields.set(line.slice(0, at), line.slice(at + 1))
  }
  return fields
}

/** A number field of INFO, or null when absent or not a number. */
export function infoNumber(info: Map<string, string>, field: string): number | null {
  const raw = info.get(field)
  if (raw === undefined || raw === '') return null
  const n = Number(raw)
  return Number.isFinite(n) ? n : null
}

/** A Redis or connection error in one line. */
export function describeRedisError(err: unknown): string {
  return errorMessage(err).split('\n')[0] ?? 'unknown error'
}
