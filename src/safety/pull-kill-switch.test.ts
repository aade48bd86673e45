import { describe, expect, it } from 'vitest'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import type { ContainerKillReport } from '../core/kill-report.js'
import { pullKillSwitch } from './pull-kill-switch.js'

const killedOne: ContainerKillReport = {
  engine: 'ok',
  containers_killed: 1,
  container_ids: ['c1'],
  containers_failed: 0,
}

describe('pulling the kill switch', () => {
  it('sends the container kills first, then latches, and reports both', async () => {
    const { store } = createTempStore()
    store.append({ run_id: 'r1', actor: 'test', type: 'cluster.up', payload: {} })
    const seen: string[] = []
    const report = await pullKillSwitch(store, 'alice', 0, {
      killContainers: (runIds) => {
        seen.push(`asked for ${runIds.join(',')}`)
        const sent = Promise.resolve().then(() => {
          seen.push(`sent, latched: ${store.modes().kill_latched}`)
        })
        return Object.assign(Promise.resolve(killedOne), { sent })
      },
    })
    expect(seen).toEqual(['asked for r1', 'sent, latched: false'])
    expect(report).toMatchObject({
      containers_killed: 1,
      safety_mode: 'observe',
      kill_latched: true,
      agents_signalled: 0,
    })
    expect(store.modes()).toMatchObject({ safety: 'observe', kill_latched: true })
    expect(store.events({ types: ['kill_switch.containers'] }).at(-1)?.payload).toMatchObject({ container_ids: ['c1'] })
  })

  it('latches anyway when the kills are never said to be sent', async () => {
    const { store } = createTempStore()
    const never = new Promise<void>(() => {})
    const report = await pullKillSwitch(store, 'alice', 0, {
      killContainers: () => Object.assign(Promise.resolve(killedOne), { sent: never }),
    })
    expect(report.kill_latched).toBe(true)
    expect(store.modes().kill_latched).toBe(true)
  })

  it('latches first for a container half that cannot say when its kills are out', async () => {
    const { store } = createTempStore()
    let latchedWhenKilling: boolean | null = null
    await pullKillSwitch(store, 'alice', 0, {
      killContainers: async () => {
        await Promise.resolve()
        latchedWhenKilling = store.modes().kill_latched
        return killedOne
      },
    })
    expect(latchedWhenKilling).toBe(true)
  })
})
