import { describe, expect, it } from 'vitest'
import { createTempStore } from '../../../test/fixtures/temp-store.js'
import type { Store } from '../store.js'
import { writeTx } from '../tx.js'
import { SyncPg } from './sync-client.js'

/** What a server restart or an administrator does to the store's connection. */
function dropConnection(store: Store, location: string): number {
  const { pid } = store.db.prepare('SELECT pg_backend_pid() AS pid').get() as { pid: number }
  const admin = new SyncPg(location)
  try {
    admin.call({ op: 'query', text: 'SELECT pg_terminate_backend($1)', values: [pid] })
  } finally {
    admin.close()
  }
  return pid
}

const backend = (store: Store) => (store.db.prepare('SELECT pg_backend_pid() AS pid').get() as { pid: number }).pid

describe('a PostgreSQL store whose connection is dropped', () => {
  it('connects again for the next statement, with its lock timeout, and loses nothing', () => {
    const { store, path } = createTempStore()
    store.append({ run_id: null, actor: 'a', type: 'test.before', payload: {} })
    const old = dropConnection(store, path)
    store.append({ run_id: null, actor: 'a', type: 'test.after', payload: {} })
    expect(backend(store)).not.toBe(old)
    expect(store.db.prepare('SHOW lock_timeout').get()).toEqual({ lock_timeout: '10s' })
    expect(store.events().map((e) => e.type)).toEqual(['test.before', 'test.after'])
    expect(store.verifyChain().ok).toBe(true)
  })

  it('fails a transaction it was in, whole, and the next one goes through', () => {
    const { store, path } = createTempStore()
    const attempt = () =>
      writeTx(store.db, () => {
        store.db.prepare("UPDATE modes SET updated_by = 'half' WHERE id = 1").run()
        dropConnection(store, path)
      })
    expect(attempt).toThrow()
    expect(store.modes().updated_by).not.toBe('half')
    // Lost inside a savepoint: the outer transaction fails too, and nothing of it runs on the new connection.
    const nested = () =>
      writeTx(store.db, () => {
        writeTx(store.db, () => dropConnection(store, path))
        store.db.prepare("UPDATE modes SET updated_by = 'after' WHERE id = 1").run()
      })
    expect(nested).toThrow()
    expect(store.modes().updated_by).not.toBe('after')
    store.append({ run_id: null, actor: 'a', type: 'test.after', payload: {} })
    expect(store.events().map((e) => e.type)).toEqual(['test.after'])
  })
})
