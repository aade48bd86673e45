import { describe, expect, it } from 'vitest'
import { proposalAt, ticketFor } from '../../test/fixtures/proposal-states.js'
import { createTempStore, createViolation } from '../../test/fixtures/temp-store.js'
import { digestedState, stateDigest } from './state-digest.js'

const POLICY = 'a'.repeat(64)

describe('the state digest', () => {
  it('is a sha256 that stays the same while nothing an agent relies on changes', () => {
    const { store } = createTempStore()
    const before = stateDigest(store, POLICY)
    expect(before).toMatch(/^[0-9a-f]{64}$/)
    store.append({ run_id: 'run-1', actor: 'monitor', type: 'monitor.started', payload: { interval_ms: 500 } })
    expect(stateDigest(store, POLICY)).toBe(before)
  })

  it('changes when a ticket opens, but not when the same violation repeats', () => {
    const { store } = createTempStore()
    const before = stateDigest(store, POLICY)
    store.upsertViolation('run-1', 'etcd', createViolation(), 'monitor')
    const opened = stateDigest(store, POLICY)
    expect(opened).not.toBe(before)
    store.upsertViolation('run-1', 'etcd', createViolation(), 'monitor')
    expect(stateDigest(store, POLICY)).toBe(opened)
  })

  it('changes when a pending proposal moves', () => {
    const { store } = createTempStore()
    const ticket = ticketFor(store)
    const p = proposalAt(store, ticket, 'awaiting_approval')
    const waiting = stateDigest(store, POLICY)
    expect(digestedState(store, POLICY).proposals).toEqual([
      { id: p.id, status: 'awaiting_approval', version: p.version },
    ])
    store.transition(p.id, p.version, 'cancelled', { actor: 'cli', runId: 'run-1', reason: 'test' })
    expect(stateDigest(store, POLICY)).not.toBe(waiting)
    expect(digestedState(store, POLICY).proposals).toEqual([])
  })

  it('changes with the modes, the kill latch, the policy and a new handoff', () => {
    const { store } = createTempStore()
    const first = stateDigest(store, POLICY)
    store.setModes({ approval: 'auto' }, 'alice')
    const auto = stateDigest(store, POLICY)
    expect(auto).not.toBe(first)
    expect(stateDigest(store, 'b'.repeat(64))).not.toBe(auto)
    expect(stateDigest(store, null)).not.toBe(auto)
    store.appendHandoff({
      by: 'agent-1',
      summary: 'done',
      tasks: [],
      risks: [],
      unknowns: [],
      digest: auto,
      digest_now: auto,
      policy_digest: POLICY,
    })
    expect(digestedState(store, POLICY).last_handoff).toBe('H-1')
    expect(stateDigest(store, POLICY)).not.toBe(auto)
  })
})
