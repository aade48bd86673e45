import { describe, expect, it } from 'vitest'
import { createTempStore } from '../../test/fixtures/temp-store.js'

describe('fault requests (a fault asked for on another host)', () => {
  it('is taken once, by one monitor, and its outcome is read back with its events', () => {
    const { store, open } = createTempStore()
    const other = open()
    const asked = store.requestFault({ runId: 'ra', fault: 'kill_member', target: 'm2', by: 'alice' })
    expect(asked).toMatchObject({ status: 'pending', run_id: 'ra', target: 'm2' })
    expect(store.takeFault('rb', 'monitor@b')).toBeNull()
    const taken = store.takeFault('ra', 'monitor@a')
    expect(taken).toMatchObject({ id: asked.id, status: 'taken', taken_by: 'monitor@a' })
    expect(other.takeFault('ra', 'monitor@a2')).toBeNull()
    expect(store.finishFault(asked.id, 'done', { fault: 'kill_member', targets: ['m2'] }, 'alice')).toBe(true)
    expect(other.finishFault(asked.id, 'failed', { error: 'late' }, 'alice')).toBe(false)
    expect(other.faultRequest(asked.id)).toMatchObject({ status: 'done', result: { targets: ['m2'] } })
    const events = store.events({ types: ['fault.requested', 'fault.injected', 'fault.failed'] })
    expect(events.map((e) => [e.type, e.actor, e.payload.request_id])).toEqual([
      ['fault.requested', 'alice', asked.id],
      ['fault.injected', 'alice', asked.id],
    ])
  })

  it('can be given up on while nobody has taken it, and then is not taken', () => {
    const { store } = createTempStore()
    const asked = store.requestFault({ runId: 'ra', fault: 'kill_member', target: 'm2', by: 'alice' })
    expect(store.finishFault(asked.id, 'cancelled', { error: 'no monitor took it in time' }, 'alice')).toBe(true)
    expect(store.takeFault('ra', 'monitor@a')).toBeNull()
    expect(store.events({ types: ['fault.cancelled'] })).toHaveLength(1)
  })
})
