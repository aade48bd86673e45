import { describe, expect, it } from 'vitest'
import { proposalAt, ticketFor } from '../../test/fixtures/proposal-states.js'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import { OperatorError } from '../core/errors.js'
import { engageKillSwitch } from './kill-switch.js'
import { tokensFor } from './tokens.js'

function busyStore() {
  const env = createTempStore()
  env.store.setModes({ safety: 'execute', approval: 'manual' }, 'alice')
  const at = (status: Parameters<typeof proposalAt>[2], key: string) =>
    proposalAt(env.store, ticketFor(env.store, 'run-1', key), status)
  const p = {
    proposed: at('proposed', 'k:proposed'),
    validated: at('validated', 'k:validated'),
    awaiting: at('awaiting_approval', 'k:awaiting'),
    approved: at('approved', 'k:approved'),
    executing: at('executing', 'k:executing'),
    executed: at('executed', 'k:executed'),
    verified: at('verified', 'k:verified'),
  }
  return { ...env, p }
}

describe('the kill switch and what already ran', () => {
  it('cancels only what has not started, and leaves an executed proposal executed with its result', () => {
    const { store, p } = busyStore()
    const record = engageKillSwitch(store.db, 'bob', store.clock.now())
    const notStarted = [p.proposed, p.validated, p.awaiting, p.approved].map((x) => x.id)
    expect(record.proposal_ids).toEqual(notStarted)
    expect(record.proposals_cancelled).toBe(4)
    for (const id of notStarted)
      expect(store.proposal(id)).toMatchObject({ status: 'cancelled', reason: 'kill switch' })
    expect(store.proposal(p.executed.id)).toMatchObject({
      status: 'executed',
      reason: 'restarted m2',
      result: { status: 'ok', summary: 'restarted m2' },
    })
    expect(store.proposal(p.verified.id).status).toBe('verified')
    const cancelled = store.events({ types: ['proposal.cancelled'] }).map((e) => e.payload.proposal_id)
    expect(cancelled).toEqual(notStarted)
    expect(tokensFor(store.db, p.approved.id).every((t) => t.revoked_at !== null)).toBe(true)
    expect(store.verifyChain().ok).toBe(true)
  })

  it('marks a proposal executing right now interrupted, keeps its agent, and records so in the kill event', () => {
    const { store, p } = busyStore()
    const record = engageKillSwitch(store.db, 'bob', store.clock.now())
    expect(store.proposal(p.executing.id)).toMatchObject({ status: 'interrupted', reason: 'kill switch' })
    expect(store.executingAgent(p.executing.id)).toBe('agent-a')
    expect(record.proposal_ids).not.toContain(p.executing.id)
    const engaged = store.events({ types: ['kill_switch.engaged'] }).at(-1)
    expect(engaged?.payload).toMatchObject({ proposals_cancelled: 4, proposals_interrupted: [p.executing.id] })
  })

  it('refuses the late result as the outcome, so the agent records it as a late result instead', () => {
    const { store, p } = busyStore()
    engageKillSwitch(store.db, 'bob', store.clock.now())
    // What settle() does when the action returns: the move fails, and it appends proposal.late_result.
    expect(() =>
      store.transition(p.executing.id, p.executing.version, 'executed', { actor: 'agent-a', runId: 'run-1' }),
    ).toThrow(OperatorError)
    const now = store.proposal(p.executing.id)
    expect(() => store.transition(now.id, now.version, 'executed', { actor: 'agent-a', runId: 'run-1' })).toThrow(
      /cannot move from interrupted to executed/,
    )
  })

  it('never turns a second kill switch into a rewrite of what ran', () => {
    const { store, p } = busyStore()
    engageKillSwitch(store.db, 'bob', store.clock.now())
    store.setModes({ safety: 'execute', explicit: true }, 'alice')
    const second = engageKillSwitch(store.db, 'carol', store.clock.now())
    expect(second.proposals_cancelled).toBe(0)
    expect(store.proposal(p.executing.id).status).toBe('interrupted')
    expect(store.proposal(p.executed.id).status).toBe('executed')
  })
})
