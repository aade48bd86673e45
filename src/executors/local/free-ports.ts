/**
 * Finds free loopback ports by binding port 0 on 127.0.0.1. All sockets are
 * held open until every port is known, so one call never returns duplicates.
 */

import type { Server } from 'node:net'
import { createServer } from 'node:net'

function listenOnAnyPort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(server))
  })
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()))
}

export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = []
  try {
    for (let i = 0; i < count; i++) servers.push(await listenOnAnyPort())
    return servers.map((server) => {
      const address = server.address()
      if (address === null || typeof address === 'string') throw new Error('listening socket has no port')
      return address.port
    })
  } finally {
    await Promise.all(servers.map(closeServer))
  }
}
