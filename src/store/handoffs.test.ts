import { describe, expect, it } from 'vitest'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import type { NewHandoff } from './handoffs.js'
import { newestEvents } from './handoffs.js'

const D1 = '1'.repeat(64)
const D2 = '2'.repeat(64)

const handoff = (o: Partial<NewHandoff> = {}): NewHandoff => ({
  by: 'agent-1',
  summary: 'restarted m2, verified',
  tasks: ['watch m2'],
  risks: [],
  unknowns: [],
  digest: D1,
  digest_now: D1,
  policy_digest: null,
  ...o,
})

describe('session handoffs', () => {
  it('are chained audit events with ids in order, listed newest first', () => {
    const { store } = createTempStore()
    const first = store.appendHandoff(handoff())
    const second = store.appendHandoff(handoff({ by: 'alice', summary: 'next' }))
    expect(first).toMatchObject({ handoff_id: 'H-1', seq: 1, by: 'agent-1', drift: false, tasks: ['watch m2'] })
    expect(second).toMatchObject({ handoff_id: 'H-2', seq: 2, by: 'alice' })
    expect(store.handoffs().map((h) => h.handoff_id)).toEqual(['H-2', 'H-1'])
    expect(store.handoffs(1)).toEqual([second])
    expect(store.events()[0]).toMatchObject({ type: 'session.handoff', actor: 'agent-1' })
    expect(store.verifyChain()).toMatchObject({ ok: true, events: 2 })
  })

  it('are marked drift when bound to a digest that is no longer the state', () => {
    const { store } = createTempStore()
    expect(store.appendHandoff(handoff({ digest: D1, digest_now: D2 }))).toMatchObject({ drift: true, digest: D1 })
  })

  it('are redacted like every event, digests left alone', () => {
    const { store } = createTempStore()
    const h = store.appendHandoff(handoff({ summary: 'set password=hunter2 on m2', risks: ['token: abc.def.ghi'] }))
    expect(JSON.stringify(h)).not.toContain('hunter2')
    expect(JSON.stringify(store.events())).not.toContain('hunter2')
    expect(h.digest).toBe(D1)
  })

  it('newestEvents returns the newest of the given types, oldest first', () => {
    const { store } = createTempStore()
    for (const n of [1, 2, 3]) store.append({ run_id: null, actor: 'x', type: `t.${n % 2}`, payload: { n } })
    expect(newestEvents(store.db, { limit: 2 }).map((e) => e.seq)).toEqual([2, 3])
    expect(newestEvents(store.db, { types: ['t.1'], limit: 5 }).map((e) => e.payload.n)).toEqual([1, 3])
  })
})
