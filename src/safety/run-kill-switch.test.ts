import { describe, expect, it } from 'vitest'
import { proposalAt, ticketFor } from '../../test/fixtures/proposal-states.js'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import { engageKillSwitch } from './kill-switch.js'

function twoRuns() {
  const env = createTempStore()
  env.store.setModes({ safety: 'execute', approval: 'auto' }, 'alice')
  const at = (run: string, status: Parameters<typeof proposalAt>[2], key: string) =>
    proposalAt(env.store, ticketFor(env.store, run, key), status)
  return {
    ...env,
    a: { approved: at('run-a', 'approved', 'k:a1'), executing: at('run-a', 'executing', 'k:a2') },
    b: { approved: at('run-b', 'approved', 'k:b1'), executing: at('run-b', 'executing', 'k:b2') },
  }
}

describe('per-run modes', () => {
  it('a run follows the global modes until it has its own; its observe mode reaches no other run', () => {
    const { store } = createTempStore()
    store.setModes({ safety: 'execute', approval: 'manual' }, 'alice')
    expect(store.modes('run-a')).toMatchObject({ safety: 'execute', approval: 'manual', run: { safety: null } })
    store.setModes({ safety: 'observe', approval: 'auto', runId: 'run-a', explicit: true }, 'alice')
    expect(store.modes('run-a')).toMatchObject({ safety: 'observe', approval: 'auto' })
    expect(store.modes('run-b')).toMatchObject({ safety: 'execute', approval: 'manual' })
    expect(store.modes()).toMatchObject({ safety: 'execute', approval: 'manual' })
    const changed = store.events({ types: ['mode.changed'] }).at(-1)
    expect(changed?.run_id).toBe('run-a')
  })

  it('the global observe mode covers every run, whatever the run asks for, and says so', () => {
    const { store } = createTempStore()
    const r = store.setModes({ safety: 'execute', runId: 'run-a', explicit: true }, 'alice')
    expect(r.modes.safety).toBe('observe')
    expect(r.refused).toMatch(/global mode is observe/)
    store.setModes({ safety: 'execute', explicit: true }, 'alice')
    expect(store.modes('run-a').safety).toBe('execute')
  })
})

describe('the kill switch on one run', () => {
  it('latches, cancels, interrupts and escalates only that run; the other goes on', () => {
    const { store, a, b } = twoRuns()
    const record = engageKillSwitch(store.db, 'bob', store.clock.now(), 'run-a')
    expect(record.proposal_ids).toEqual([a.approved.id])
    expect(record.interrupted_ids).toEqual([a.executing.id])
    expect(store.proposal(b.approved.id).status).toBe('approved')
    expect(store.proposal(b.executing.id).status).toBe('executing')
    expect(store.modes('run-a')).toMatchObject({ safety: 'observe', kill_latched: true })
    expect(store.modes('run-b')).toMatchObject({ safety: 'execute', kill_latched: false })
    expect(store.modes().kill_latched).toBe(false)
    expect(store.events({ types: ['kill_switch.engaged'] }).at(-1)?.run_id).toBe('run-a')
  })

  it('only `mode execute --run` clears a run latch; the latch refuses a plain request', () => {
    const { store } = twoRuns()
    engageKillSwitch(store.db, 'bob', store.clock.now(), 'run-a')
    const plain = store.setModes({ safety: 'execute', runId: 'run-a' }, 'agent-1-ab')
    expect(plain.refused).toMatch(/latched observe mode for run run-a/)
    expect(store.modes('run-a').kill_latched).toBe(true)
    store.setModes({ safety: 'execute', runId: 'run-a', explicit: true }, 'alice')
    expect(store.modes('run-a')).toMatchObject({ safety: 'execute', kill_latched: false })
  })
})
