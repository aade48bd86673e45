/** The private PostgreSQL server the store's PostgreSQL tests run against: databases, password auth, a clean stop. */
import { existsSync } from 'node:fs'
import { connect } from 'node:net'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { pgServerForFile, startPgServer } from '../fixtures/pg-server.js'
import { processesUnder } from '../fixtures/processes.js'

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

async function selectOne(connectionString: string): Promise<{ one: number; db: string }> {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    return (await client.query('SELECT 1 AS one, current_database() AS db')).rows[0]
  } finally {
    await client.end()
  }
}

describe('startPgServer', () => {
  it('serves fresh databases, rejects a wrong password, and stops leaving nothing behind', async () => {
    const server = await startPgServer()
    try {
      expect(server.url).toBe(`postgres://operator:${server.password}@127.0.0.1:${server.port}/postgres`)
      expect(processesUnder(server.dir).length).toBeGreaterThan(0)
      const urls = [await server.createDatabase(), await server.createDatabase('second')]
      expect(new Set(urls).size).toBe(2)
      for (const url of urls) {
        const { one, db } = await selectOne(url)
        expect(one).toBe(1)
        expect(url.endsWith(`/${db}`)).toBe(true)
      }
      const { host, port, user } = server
      const wrong = new pg.Client({ host, port, user, password: 'not-the-password', database: 'postgres' })
      await expect(wrong.connect()).rejects.toMatchObject({ code: '28P01' })
    } finally {
      await server.stop()
    }
    expect(await accepts(server.port)).toBe(false)
    expect(processesUnder(server.dir)).toEqual([])
    expect(existsSync(server.dir)).toBe(false)
    await server.stop() // a second stop is a no-op
  })
})

describe('pgServerForFile', () => {
  const server = pgServerForFile()

  it('gives the tests of a file one running server', async () => {
    expect((await selectOne(await server().createDatabase('file'))).one).toBe(1)
    expect((await selectOne(server().url)).db).toBe('postgres')
  })
})
