import { describe, expect, it } from 'vitest'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import { writeTx } from './tx.js'
import { txStats } from './tx-stats.js'

describe('write-lock statistics', () => {
  it('count every outermost write transaction once, with the longest hold and where it was taken', () => {
    const { store } = createTempStore()
    const before = txStats()
    store.append({ run_id: null, actor: 'a', type: 't', payload: {} })
    writeTx(store.db, () => writeTx(store.db, () => store.db.prepare('SELECT 1').get()))
    writeTx(store.db, () => store.db.prepare('UPDATE modes SET updated_by = ? WHERE id = 1').run('test'))
    const after = txStats()
    expect(after.transactions - before.transactions).toBe(3)
    expect(after.max_ms).toBeGreaterThanOrEqual(before.max_ms)
    expect(after.total_ms).toBeGreaterThanOrEqual(before.total_ms)
    expect(after.max_at).not.toMatch(/\/tx\.[jt]s/)
    expect(after).toMatchObject({ pid: process.pid, command: expect.any(String) })
  })

  it('count a transaction that throws too: it held the lock until its rollback', () => {
    const { store } = createTempStore()
    const before = txStats().transactions
    expect(() =>
      writeTx(store.db, () => {
        throw new Error('boom')
      }),
    ).toThrow('boom')
    expect(txStats().transactions - before).toBe(1)
  })
})
