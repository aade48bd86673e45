import { describe, expect, it } from 'vitest'
import { proposalAt, TEST_KEY, ticketFor } from '../../test/fixtures/proposal-states.js'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import { beginExecution } from './execution-gate.js'
import { builtInPolicy } from './policy/load-policy.js'

const STALE_MS = 13_000

/** Agent a claims a ticket and gets its restart approved; then a goes quiet past the stale bound. */
function slowAgent() {
  const env = createTempStore()
  const { store, clock } = env
  store.setModes({ safety: 'execute', approval: 'manual' }, 'alice')
  store.registerAgent({ id: 'agent-a', pid: 1, subject: 'etcd', runId: 'run-1' })
  store.registerAgent({ id: 'agent-b', pid: 2, subject: 'etcd', runId: 'run-1' })
  const claim = (agentId: string) =>
    store.claimTicket({ runId: 'run-1', agentId, staleBefore: clock.now() - STALE_MS, executeMode: true })
  ticketFor(store)
  const held = claim('agent-a')
  if (!held) throw new Error('agent-a claimed nothing')
  const approved = proposalAt(store, held.ticket, 'approved', 'agent-a')
  const gate = (agentId: string, lease: number) =>
    beginExecution(
      store.db,
      {
        proposalId: approved.id,
        expectedVersion: store.proposal(approved.id).version,
        agentId,
        runId: 'run-1',
        lease: { ticketId: held.ticket.id, lease },
      },
      { key: TEST_KEY, policy: { loaded: builtInPolicy(), subject: 'etcd', kind: 'subject' } },
      clock.now(),
    )
  return { ...env, held: held.ticket, approved, claim, gate }
}

describe('ticket leases: the fencing token the gate checks', () => {
  it('raises the lease each time the ticket changes hands, never while the same agent holds it', () => {
    const { store, clock, held, claim } = slowAgent()
    expect(held.lease).toBe(1)
    store.heartbeat('agent-a')
    expect(claim('agent-b')).toBeNull()
    clock.advance(STALE_MS + 1)
    store.heartbeat('agent-b')
    const adopted = claim('agent-b')
    expect(adopted?.adoptedFrom).toBe('agent-a')
    expect(adopted?.ticket.lease).toBe(2)
  })

  it('refuses a slow agent whose lease was taken while it waited; the new holder executes exactly once', () => {
    const { store, clock, held, approved, claim, gate } = slowAgent()
    clock.advance(STALE_MS + 1)
    store.heartbeat('agent-b')
    const adopted = claim('agent-b')
    const late = gate('agent-a', held.lease)
    expect(late).toMatchObject({ status: 'refused' })
    expect(late.status === 'refused' && late.reason).toMatch(
      /lease 1 on ticket T-\d+ is no longer this agent's \(the ticket is in_progress, held by agent-b under lease 2\)/,
    )
    expect(store.proposal(approved.id).status).toBe('approved')
    expect(gate('agent-b', adopted?.ticket.lease ?? -1).status).toBe('executing')
    expect(gate('agent-a', held.lease).status).toBe('refused')
    const refused = store.events({ types: ['execution.refused'] }).map((e) => e.actor)
    expect(refused).toEqual(['agent-a', 'agent-a'])
  })

  it('refuses the holder itself under an old lease number (it lost the ticket and took it back)', () => {
    const { store, held, gate } = slowAgent()
    store.finishTicket(held.id, 'agent-a', 'open', 'handed back')
    const again = store.takeTicket({ id: held.id, agentId: 'agent-a', reason: 'taken again' })
    expect(again?.lease).toBe(2)
    expect(gate('agent-a', held.lease).status).toBe('refused')
    expect(gate('agent-a', 2).status).toBe('executing')
  })
})
