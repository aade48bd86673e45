import { describe, expect, it } from 'vitest'
import { proposalAt, ticketFor } from '../../test/fixtures/proposal-states.js'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import { cancelUnstartedOfRun, RUN_ENDED } from './end-run.js'
import { tokensFor } from './tokens.js'

describe('the end of a run', () => {
  it('cancels every proposal of the run that never started, each with its event, and nothing else', () => {
    const { store } = createTempStore()
    store.setModes({ safety: 'execute', approval: 'manual' }, 'alice')
    const mine = (key: string) => ticketFor(store, 'run-1', key)
    const proposed = proposalAt(store, mine('k:a'), 'proposed')
    const awaiting = proposalAt(store, mine('k:b'), 'awaiting_approval')
    const approved = proposalAt(store, mine('k:c'), 'approved')
    const executed = proposalAt(store, mine('k:d'), 'executed')
    const otherRun = proposalAt(store, ticketFor(store, 'run-2', 'k:a'), 'awaiting_approval')

    const cancelled = cancelUnstartedOfRun(store, 'run-1', 'scenario')
    const ids = [proposed.id, awaiting.id, approved.id]
    expect(cancelled.map((p) => p.id)).toEqual(ids)
    for (const id of ids) expect(store.proposal(id)).toMatchObject({ status: 'cancelled', reason: RUN_ENDED })
    const events = store.events({ types: ['proposal.cancelled'] })
    expect(events.map((e) => [e.payload.proposal_id, e.payload.reason, e.run_id, e.actor])).toEqual(
      ids.map((id) => [id, 'run ended', 'run-1', 'scenario']),
    )
    expect(tokensFor(store.db, approved.id).every((t) => t.revoked_at !== null)).toBe(true)
    expect(store.proposal(executed.id).status).toBe('executed')
    expect(store.proposal(otherRun.id).status).toBe('awaiting_approval')
    expect(store.proposals({ status: ['awaiting_approval'] }).map((p) => p.id)).toEqual([otherRun.id])
    expect(cancelUnstartedOfRun(store, 'run-1', 'scenario')).toEqual([])
    expect(store.verifyChain().ok).toBe(true)
  })
})
