import { describe, expect, it } from 'vitest'
import { createTempStore } from '../../../test/fixtures/temp-store.js'
import { engageKillSwitch } from '../../safety/kill-switch.js'
import { writeTx } from '../tx.js'
import { listenForKill, notifyKill } from './kill-channel.js'

function listening(url: string) {
  const heard: number[] = []
  const listener = listenForKill(
    url,
    () => heard.push(performance.now()),
    (why) => {
      throw new Error(why)
    },
  )
  return { heard, listener }
}

const until = async (check: () => boolean, ms: number) => {
  const end = Date.now() + ms
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 5))
}

describe('the kill switch over LISTEN/NOTIFY', () => {
  it('reaches a listener on another connection when the latch commits, in milliseconds', async () => {
    const { store, path } = createTempStore()
    const { heard, listener } = listening(path)
    try {
      await listener.ready
      const sent = performance.now()
      engageKillSwitch(store.db, 'alice', store.clock.now())
      await until(() => heard.length > 0, 2000)
      expect(heard).toHaveLength(1)
      expect((heard[0] ?? Number.POSITIVE_INFINITY) - sent).toBeLessThan(1000)
      expect(store.modes().kill_latched).toBe(true)
    } finally {
      await listener.close()
    }
  })

  it('says nothing for a latch whose transaction rolled back', async () => {
    const { store, path } = createTempStore()
    const { heard, listener } = listening(path)
    try {
      await listener.ready
      expect(() =>
        writeTx(store.db, () => {
          notifyKill(store.db, 1, null)
          throw new Error('the latch failed')
        }),
      ).toThrow(/the latch failed/)
      store.append({ run_id: null, actor: 'x', type: 'test.after', payload: {} })
      engageKillSwitch(store.db, 'alice', store.clock.now(), 'run-a')
      await until(() => heard.length > 0, 2000)
      await new Promise((r) => setTimeout(r, 100))
      expect(heard).toHaveLength(1)
    } finally {
      await listener.close()
    }
  })
})
