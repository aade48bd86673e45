import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../src/core/clock.js'
import type { ActionContext, FaultTarget } from '../../../src/core/subject.js'
import { type FakeWorld, fakeWorld } from '../handle-fake.js'
import { faultMenu, ratelimiterFaults } from './index.js'
import { KEYS_WAIT_MS } from './strip-ttls.js'

const ctx: ActionContext = { signal: new AbortController().signal, clock: new SimulatedClock(0), log: () => undefined }

function inject(w: FakeWorld, name: string, target: FaultTarget) {
  const fault = ratelimiterFaults(w.handle).find((f) => f.name === name)
  if (fault === undefined) throw new Error(`no fault ${name}`)
  return fault.inject(target, ctx)
}

describe('ratelimiter faults', () => {
  it('has a menu, known without a cluster, that names exactly the faults of an opened run', () => {
    const bound = ratelimiterFaults(fakeWorld().handle).map((f) => ({ name: f.name, targeted: f.targeted }))
    expect(faultMenu.map(({ name, targeted }) => ({ name, targeted }))).toEqual(bound)
    expect(faultMenu.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'kill_primary',
        'pause_primary',
        'resume_node',
        'kill_node',
        'break_replica_link',
        'squeeze_memory',
        'strip_ttls',
        'kill_app',
        'hot_key_flood',
      ]),
    )
  })

  it('lists for each targeted fault the members it can land on, and the fault refuses the others', async () => {
    const targets = (name: string) => faultMenu.find((f) => f.name === name)?.targets
    expect(targets('break_replica_link')).toEqual(['r1', 'r2', 'r3'])
    expect(targets('kill_app')).toEqual(['a1', 'a2', 'a3'])
    expect(targets('kill_node')).toBeUndefined()
    await expect(inject(fakeWorld(), 'break_replica_link', { kind: 'member', name: 's1' })).rejects.toThrow()
    await expect(inject(fakeWorld(), 'kill_app', { kind: 'member', name: 'r2' })).rejects.toThrow()
  })

  it('waits for the workload’s limiter keys before stripping their TTLs, then refuses with what to do', async () => {
    const clock = new SimulatedClock(0)
    const fault = ratelimiterFaults(fakeWorld().handle).find((f) => f.name === 'strip_ttls')
    await expect(fault?.inject({ kind: 'none' }, { ...ctx, clock })).rejects.toThrow(/no limiter key with a TTL/)
    expect(clock.now()).toBeGreaterThanOrEqual(KEYS_WAIT_MS)
  })

  it('kills the primary the Sentinels agree on, whatever the target', async () => {
    const w = fakeWorld()
    w.onFailover()
    expect(await inject(w, 'kill_primary', { kind: 'none' })).toMatchObject({ targets: ['r2'] })
  })

  it('breaks the link of a replica, never of the primary', async () => {
    const w = fakeWorld()
    expect(await inject(w, 'break_replica_link', { kind: 'follower' })).toMatchObject({ targets: ['r2'] })
    expect(w.calls).toContain('r2 REPLICAOF 127.0.0.1 1')
    await expect(inject(w, 'break_replica_link', { kind: 'leader' })).rejects.toMatchObject({ category: 'usage' })
  })

  it('refuses targets of the wrong kind, naming the ones it takes', async () => {
    const w = fakeWorld()
    await expect(inject(w, 'kill_app', { kind: 'member', name: 'r1' })).rejects.toMatchObject({
      fix: 'use one of a1, a2, a3',
    })
    await expect(inject(w, 'kill_node', { kind: 'none' })).rejects.toMatchObject({ category: 'usage' })
    expect(await inject(w, 'kill_node', { kind: 'member', name: 's2' })).toMatchObject({ targets: ['s2'] })
  })
})
