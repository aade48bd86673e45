import { describe, expect, it } from 'vitest'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import { untilDatabaseShows } from './await-database.js'

describe('waiting for what other processes write', () => {
  it('sees another connection’s commit by the change to its WAL file, with no backstop to fall back on', async () => {
    const { store, open } = createTempStore()
    const other = open()
    const seen = () => store.events({ types: ['agent.kill_ack'] }).length > 0
    let checks = 0
    const waiting = untilDatabaseShows(
      store.db.name,
      () => {
        checks++
        return seen()
      },
      60_000,
      60_000,
    )
    other.append({ run_id: null, actor: 'agent-1', type: 'agent.kill_ack', payload: { agent_id: 'agent-1' } })
    await waiting
    expect(seen()).toBe(true)
    expect(checks).toBeGreaterThan(1)
  })

  it('gives up at its deadline when the database never shows it', async () => {
    expect(await checksUntilGivingUp(30)).toBeGreaterThan(0)
  })

  it('checks once, and does not wait, with no time to wait', async () => {
    expect(await checksUntilGivingUp(0)).toBe(1)
  })

  it('fails with the check’s error', async () => {
    const { store, open } = createTempStore()
    const other = open()
    let calls = 0
    const waiting = untilDatabaseShows(
      store.db.name,
      () => {
        if (++calls > 1) throw new Error('unreadable')
        return false
      },
      60_000,
    )
    other.append({ run_id: null, actor: 'x', type: 'x.happened', payload: {} })
    await expect(waiting).rejects.toThrow('unreadable')
  })
})

/** How many times a check that never holds is made before the wait gives up after waitMs. */
async function checksUntilGivingUp(waitMs: number): Promise<number> {
  const { store } = createTempStore()
  let checks = 0
  await untilDatabaseShows(
    store.db.name,
    () => {
      checks++
      return false
    },
    waitMs,
  )
  return checks
}
