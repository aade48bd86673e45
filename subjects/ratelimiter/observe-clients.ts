/**
 * The observer's connections: one ioredis client per Redis node or Sentinel
 * port, kept between polls. No retries, no offline queue, no reconnects of
 * its own and a deadline on connect and on every command, so a dead node
 * fails at once and a paused one within the deadline. A client that failed
 * is dropped and the next poll connects afresh: replies a paused node sends
 * late never mix with a new poll's.
 */
import type { Redis } from 'ioredis'
import { failFastClient, type RedisConn } from './redis-admin.js'

/** Connect and command deadline of the observer's calls. */
export const OBSERVE_TIMEOUT_MS = 800

export interface ObserverConnections {
  /** A ready connection to 127.0.0.1:port; rejects when it cannot connect within the deadline. */
  get(port: number): Promise<RedisConn>
  /** Forgets the port's connection after a failure, closing it. */
  drop(port: number): void
  close(): void
}

const connOf = (client: Redis): RedisConn => ({ call: (command, ...args) => client.call(command, ...args) })

export function createObserverConnections(timeoutMs = OBSERVE_TIMEOUT_MS): ObserverConnections {
  const clients = new Map<number, Redis>()

  function drop(port: number): void {
    clients.get(port)?.disconnect()
    clients.delete(port)
  }

  return {
    async get(port) {
      const existing = clients.get(port)
      if (existing?.status === 'ready') return connOf(existing)
      drop(port)
      const client = failFastClient(port, timeoutMs)
      clients.set(port, client)
      try {
        await client.connect()
      } catch (err) {
        drop(port)
        throw err
      }
      return connOf(client)
    },
    drop,
    close() {
      for (const port of [...clients.keys()]) drop(port)
    },
  }
}
