import { describe, expect, it } from 'vitest'
import { createTempStore, createViolation } from '../../test/fixtures/temp-store.js'
import type { Triage, Violation } from '../core/subject.js'
import type { Store } from './store.js'

const RUN = 'run-1'

function member(name: string, triage?: Triage, overrides: Partial<Violation> = {}): Violation {
  return createViolation({
    key: `members_healthy:${name}`,
    target: name,
    message: `${name} is down`,
    ...(triage ? { triage } : {}),
    ...overrides,
  })
}

const root = (priority: number): Triage => ({ cause: null, priority, reason: `a root of ${priority}` })
const of = (cause: string, blocked = true): Triage => ({ cause, priority: 0, reason: `follows ${cause}`, blocked })

function upsert(store: Store, v: Violation) {
  return store.upsertViolation(RUN, 'etcd', v, 'monitor').ticket
}

function claim(store: Store, agentId = 'agent-a') {
  return store.claimTicket({ runId: RUN, agentId, staleBefore: 0, executeMode: true })?.ticket ?? null
}

function linkEvents(store: Store) {
  return store.events({ types: ['ticket.linked', 'ticket.unlinked'] })
}

describe('tickets with triage', () => {
  it('stores the root on a consequence and claims the root, never the consequence', () => {
    const { store } = createTempStore()
    const r = upsert(store, member('m2', root(30)))
    const c = upsert(store, member('m1', of('members_healthy:m2')))
    expect(r).toMatchObject({
      id: 'T-1',
      cause_key: null,
      cause_ticket: null,
      priority: 30,
      triage_reason: 'a root of 30',
    })
    expect(c).toMatchObject({
      id: 'T-2',
      cause_key: 'members_healthy:m2',
      cause_ticket: 'T-1',
      priority: 0,
      triage_reason: 'follows members_healthy:m2',
    })
    const opened = store.events({ types: ['ticket.opened'] }).at(-1)
    expect(opened?.payload).toMatchObject({ ticket_id: 'T-2', cause_key: 'members_healthy:m2', cause_ticket: 'T-1' })
    // Opening a ticket already linked is no change of root.
    expect(linkEvents(store)).toEqual([])

    expect(claim(store)).toMatchObject({ id: 'T-1', status: 'in_progress', claimed_by: 'agent-a' })
    expect(claim(store, 'agent-b')).toBeNull()
    expect(store.ticket('T-2')).toMatchObject({ status: 'open', claimed_by: null })
  })

  it('skips a consequence even when it was opened before its root and is the oldest ticket', () => {
    const { store } = createTempStore()
    const c = upsert(store, member('m1', of('members_healthy:m2')))
    expect(c).toMatchObject({ id: 'T-1', cause_key: 'members_healthy:m2', cause_ticket: null })
    expect(claim(store)).toBeNull()
    upsert(store, member('m2', root(30)))
    expect(claim(store)?.id).toBe('T-2')
  })

  it('claims the root of highest priority first, whatever the order they were opened in', () => {
    const { store } = createTempStore()
    upsert(store, member('m1', root(20)))
    upsert(store, member('m3', root(30)))
    expect(claim(store)?.key).toBe('members_healthy:m3')
    expect(claim(store)?.key).toBe('members_healthy:m1')
  })

  it('still claims critical before warning, whatever the priority', () => {
    const { store } = createTempStore()
    upsert(store, member('m1', root(30), { key: 'applied_lag:m1', invariant: 'applied_lag', severity: 'warning' }))
    upsert(store, member('m2', root(0)))
    expect(claim(store)?.key).toBe('members_healthy:m2')
  })

  it('records a change of root as ticket.linked and a release as ticket.unlinked, nothing for the same root', () => {
    const { store } = createTempStore()
    upsert(store, member('m2', root(30)))
    upsert(store, member('m3', root(30)))
    upsert(store, member('m1', of('members_healthy:m2')))

    const again = upsert(store, member('m1', { ...of('members_healthy:m2'), reason: 'other words' }))
    expect(again).toMatchObject({ occurrences: 2, cause_ticket: 'T-1', triage_reason: 'other words' })
    expect(linkEvents(store)).toEqual([])

    const moved = upsert(store, member('m1', of('members_healthy:m3')))
    expect(moved).toMatchObject({ cause_key: 'members_healthy:m3', cause_ticket: 'T-2' })
    const linked = linkEvents(store)
    expect(linked.map((e) => e.type)).toEqual(['ticket.linked'])
    expect(linked[0]?.payload).toEqual({
      ticket_id: 'T-3',
      key: 'members_healthy:m1',
      cause_key: 'members_healthy:m3',
      cause_ticket: 'T-2',
      was: 'members_healthy:m2',
      reason: 'follows members_healthy:m3',
    })
    expect(linked[0]?.actor).toBe('monitor')

    // m2 and m3 are both held; the consequence is not claimable until it is a root.
    expect(claim(store)?.id).toBe('T-1')
    expect(claim(store)?.id).toBe('T-2')
    expect(claim(store)).toBeNull()

    const freed = upsert(store, member('m1', root(0)))
    expect(freed).toMatchObject({ cause_key: null, cause_ticket: null, status: 'open' })
    const events = linkEvents(store)
    expect(events.map((e) => e.type)).toEqual(['ticket.linked', 'ticket.unlinked'])
    expect(events[1]?.payload).toMatchObject({ ticket_id: 'T-3', cause_key: null, was: 'members_healthy:m3' })
    expect(claim(store)?.id).toBe('T-3')
  })

  it('links a consequence to its root ticket once the root has one', () => {
    const { store } = createTempStore()
    upsert(store, member('m1', of('members_healthy:m2')))
    upsert(store, member('m2', root(30)))
    const t = upsert(store, member('m1', of('members_healthy:m2')))
    expect(t).toMatchObject({ cause_key: 'members_healthy:m2', cause_ticket: 'T-2' })
    expect(linkEvents(store).map((e) => [e.type, e.payload.cause_ticket])).toEqual([['ticket.linked', 'T-2']])
  })

  it('does not pick up a consequence escalated in observe mode once execute mode is on', () => {
    const { store } = createTempStore()
    upsert(store, member('m2', root(30)))
    upsert(store, member('m1'))
    claim(store)
    claim(store)
    store.finishTicket('T-2', 'agent-a', 'escalated', 'observe mode', 'observe_mode')
    expect(upsert(store, member('m1', of('members_healthy:m2')))).toMatchObject({
      status: 'escalated',
      cause_key: 'members_healthy:m2',
      cause_ticket: 'T-1',
    })
    expect(claim(store, 'agent-b')).toBeNull()
    upsert(store, member('m1', root(0)))
    expect(claim(store, 'agent-b')).toMatchObject({ id: 'T-2', claimed_by: 'agent-b' })
  })

  it('updates a root priority without an event', () => {
    const { store } = createTempStore()
    upsert(store, member('m2', root(20)))
    expect(upsert(store, member('m2', root(30))).priority).toBe(30)
    expect(linkEvents(store)).toEqual([])
  })

  it('defers a claimed ticket to open with its cause in one step, so nobody claims it', () => {
    const { store } = createTempStore()
    upsert(store, member('m2', root(30)))
    upsert(store, member('m1'))
    expect(claim(store)?.id).toBe('T-1')
    const held = claim(store)
    expect(held).toMatchObject({ id: 'T-2', status: 'in_progress', cause_key: null })
    const before = store.events().length

    const triage = of('members_healthy:m2')
    const deferred = store.deferTicket('T-2', 'agent-a', triage)
    expect(deferred).toMatchObject({
      id: 'T-2',
      status: 'open',
      claimed_by: null,
      cause_key: 'members_healthy:m2',
      cause_ticket: 'T-1',
      triage_reason: 'follows members_healthy:m2',
    })
    const after = store.events().slice(before)
    expect(after.map((e) => e.type)).toEqual(['ticket.open', 'ticket.linked'])
    expect(after[0]?.payload).toMatchObject({
      ticket_id: 'T-2',
      from: 'in_progress',
      reason: 'follows from members_healthy:m2: follows members_healthy:m2',
    })
    expect(after[1]?.payload).toMatchObject({ ticket_id: 'T-2', cause_key: 'members_healthy:m2', was: null })
    expect(claim(store, 'agent-b')).toBeNull()
    expect(claim(store)).toBeNull()
  })

  it('defers nothing when the agent does not hold the ticket', () => {
    const { store } = createTempStore()
    upsert(store, member('m2', root(30)))
    upsert(store, member('m1'))
    claim(store)
    claim(store)
    const before = store.events().length
    expect(store.deferTicket('T-2', 'agent-b', of('members_healthy:m2'))).toBeNull()
    expect(store.ticket('T-2')).toMatchObject({ status: 'in_progress', claimed_by: 'agent-a', cause_key: null })
    expect(store.events().length).toBe(before)
    // An open ticket is held by nobody either.
    upsert(store, member('m3'))
    expect(store.deferTicket('T-3', 'agent-a', of('members_healthy:m2'))).toBeNull()
    expect(store.ticket('T-3')).toMatchObject({ status: 'open', cause_key: null })
  })

  it('refuses to defer without a cause', () => {
    const { store } = createTempStore()
    upsert(store, member('m1'))
    claim(store)
    expect(() => store.deferTicket('T-1', 'agent-a', root(0))).toThrow(TypeError)
    expect(store.ticket('T-1')).toMatchObject({ status: 'in_progress', claimed_by: 'agent-a' })
  })

  it('resolves a linked consequence with its root, and says so', () => {
    const { store } = createTempStore()
    upsert(store, member('m2', root(30)))
    upsert(store, member('m1', of('members_healthy:m2')))
    upsert(store, member('m3', of('members_healthy:m4')))
    const resolved = store.resolveAbsent(RUN, new Set(), 'monitor')
    expect(resolved.map((t) => [t.id, t.status])).toEqual([
      ['T-1', 'resolved'],
      ['T-2', 'resolved'],
      ['T-3', 'resolved'],
    ])
    const reasons = store.events({ types: ['ticket.resolved'] }).map((e) => [e.payload.ticket_id, e.payload.reason])
    expect(reasons).toEqual([
      ['T-1', 'violation no longer observed'],
      ['T-2', 'resolved with its root T-1: no longer observed'],
      // No root ticket: the root's key stands in for it.
      ['T-3', 'resolved with its root members_healthy:m4: no longer observed'],
    ])
  })
})
