import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { proposalAt, TEST_KEY, ticketFor } from '../../test/fixtures/proposal-states.js'
import { failProposalStart } from '../../test/fixtures/sql-dialect.js'
import { createTempStore, createViolation } from '../../test/fixtures/temp-store.js'
import type { BaseObservation, Subject } from '../core/subject.js'
import { createLogger } from '../log/logger.js'
import { beginExecution } from '../safety/execution-gate.js'
import { engageKillSwitch } from '../safety/kill-switch.js'
import { builtInPolicy } from '../safety/policy/load-policy.js'
import { tokensFor } from '../safety/tokens.js'
import { type AgentContext, DEFAULT_AGENT_SETTINGS } from './context.js'
import { recoverOrphans } from './recover.js'

/** No process has this pid: an agent registered with it is gone. */
const GONE_PID = 2_147_483_646

/** A subject whose members_healthy:m2 is violated while `state.healthy` is false; counts every action run. */
function fakeSubject(state: { healthy: boolean }, runs: string[]): Subject {
  const observe = async (): Promise<BaseObservation & { healthy: boolean }> => ({
    subject: 'etcd',
    run_id: 'run-1',
    at: 0,
    duration_ms: 0,
    healthy: state.healthy,
  })
  const restart = {
    name: 'restart_member',
    run: async () => {
      runs.push('restart_member')
      return { status: 'ok', summary: 'restarted' }
    },
  }
  const evaluate = (o: { healthy: boolean }) => (o.healthy ? [] : [createViolation()])
  return { name: 'etcd', run_id: 'run-1', observe, checker: { check: evaluate, evaluate }, actions: [restart] } as never
}

function setup(healthy = true) {
  const env = createTempStore()
  env.store.setModes({ safety: 'execute', approval: 'manual' }, 'alice')
  const state = { healthy }
  const runs: string[] = []
  const quiet = new Writable({ write: (_c, _e, done) => done() })
  const ctx: AgentContext = {
    agentId: 'agent-b',
    governance: { policy: builtInPolicy(), key: () => TEST_KEY },
    subject: fakeSubject(state, runs),
    store: env.store,
    clock: env.clock,
    logger: createLogger('agent', quiet),
    settings: { ...DEFAULT_AGENT_SETTINGS },
  }
  const register = (id: string, pid: number) => env.store.registerAgent({ id, pid, subject: 'etcd', runId: 'run-1' })
  register('agent-b', process.pid)
  const recover = () => recoverOrphans(ctx, new AbortController().signal)
  const executions = (id: string) =>
    env.store.events({ types: ['proposal.executing'] }).filter((e) => e.payload.proposal_id === id).length
  return { ...env, ctx, state, runs, register, recover, executions, ticket: ticketFor(env.store) }
}

describe('recovery of an executed proposal whose agent is gone', () => {
  it('re-verifies it to verified, without executing it again', async () => {
    const { store, register, recover, runs, executions, ticket } = setup(true)
    register('agent-a', GONE_PID)
    const p = proposalAt(store, ticket, 'executed', 'agent-a')
    await recover()
    expect(store.proposal(p.id)).toMatchObject({ status: 'verified', reason: 'members_healthy:m2 no longer violated' })
    expect(store.events({ types: ['proposal.verified'] }).at(-1)?.actor).toBe('agent-b')
    expect(runs).toEqual([])
    expect(executions(p.id)).toBe(1)
    expect(store.verifyChain().ok).toBe(true)
  })

  it('ends it verify_failed when the violation is still there after the settle and the verification window', async () => {
    const { store, register, recover, runs, executions, ticket } = setup(false)
    register('agent-a', GONE_PID)
    const p = proposalAt(store, ticket, 'executed', 'agent-a')
    await recover()
    expect(store.proposal(p.id)).toMatchObject({ status: 'verify_failed', reason: 'still violated: member m2 is down' })
    expect(runs).toEqual([])
    expect(executions(p.id)).toBe(1)
  })

  it('counts an agent whose heartbeat went stale as gone, even if its process still exists', async () => {
    const { store, clock, ctx, register, recover, ticket } = setup(true)
    register('agent-a', process.pid)
    const p = proposalAt(store, ticket, 'executed', 'agent-a')
    clock.advance(ctx.settings.staleMs + 1)
    store.heartbeat('agent-b')
    await recover()
    expect(store.proposal(p.id).status).toBe('verified')
  })

  it('leaves alone what a live agent is still verifying, and other runs', async () => {
    const { store, register, recover, ticket } = setup(true)
    register('agent-a', process.pid)
    const live = proposalAt(store, ticket, 'executed', 'agent-a')
    register('agent-c', GONE_PID)
    const elsewhere = proposalAt(store, ticketFor(store, 'run-2'), 'executed', 'agent-c')
    await recover()
    expect(store.proposal(live.id).status).toBe('executed')
    expect(store.proposal(elsewhere.id).status).toBe('executed')
  })

  it('finishes what its own aborted task left between states (between tasks nothing of its own is in flight)', async () => {
    const { store, recover, ticket, runs } = setup(true)
    const p = proposalAt(store, ticket, 'executed', 'agent-b')
    await recover()
    expect(store.proposal(p.id).status).toBe('verified')
    expect(runs).toEqual([])
  })
})

describe('recovery of the other states an agent can leave behind', () => {
  it('marks a proposal executing by a gone agent interrupted, then re-verifies it', async () => {
    const { store, register, recover, runs, executions, ticket } = setup(true)
    register('agent-a', GONE_PID)
    const p = proposalAt(store, ticket, 'executing', 'agent-a')
    await recover()
    const types = store
      .events()
      .filter((e) => e.payload.proposal_id === p.id)
      .map((e) => e.type)
    expect(types.slice(-2)).toEqual(['proposal.interrupted', 'proposal.verified'])
    expect(runs).toEqual([])
    expect(executions(p.id)).toBe(1)
  })

  it('re-verifies a proposal the kill switch interrupted once its own agent is idle again', async () => {
    const { store, recover, ticket } = setup(true)
    const p = proposalAt(store, ticket, 'executing', 'agent-b')
    engageKillSwitch(store.db, 'bob', store.clock.now())
    expect(store.proposal(p.id).status).toBe('interrupted')
    await recover()
    expect(store.proposal(p.id).status).toBe('verified')
  })

  it('cancels a proposal its gone agent never validated', async () => {
    const { store, register, recover, ticket } = setup(true)
    register('agent-a', GONE_PID)
    const p = proposalAt(store, ticket, 'proposed', 'agent-a')
    await recover()
    expect(store.proposal(p.id)).toMatchObject({
      status: 'cancelled',
      reason: expect.stringMatching(/agent-a is gone/),
    })
  })

  it('never runs an approved proposal: it is left to the agent that adopts its ticket, through the gate', async () => {
    const { store, register, recover, runs, ticket } = setup(true)
    register('agent-a', GONE_PID)
    const p = proposalAt(store, ticket, 'approved', 'agent-a')
    await recover()
    expect(store.proposal(p.id).status).toBe('approved')
    expect(runs).toEqual([])
  })

  it('leaves what is not an agent’s (a scenario running a rollback) to whoever runs it', async () => {
    const { store, recover, ticket } = setup(true)
    const p = proposalAt(store, ticket, 'executing', 'scenario:alice')
    await recover()
    expect(store.proposal(p.id).status).toBe('executing')
  })
})

describe('an approved proposal with a consumed token', () => {
  it('cannot exist: the gate consumes the token in the transaction that moves the proposal to executing', () => {
    const { store, ticket } = setup(true)
    const p = proposalAt(store, ticket, 'approved', 'agent-a')
    const gate = () =>
      beginExecution(
        store.db,
        { proposalId: p.id, expectedVersion: p.version, agentId: 'agent-a', runId: 'run-1' },
        { key: TEST_KEY, policy: { loaded: builtInPolicy(), subject: 'etcd', kind: 'subject' } },
        store.clock.now(),
      )
    // The move to executing fails after the token was consumed (a full disk, say): both roll back together.
    const undo = failProposalStart(store.db, 'disk full')
    expect(gate).toThrow(/disk full/)
    expect(store.proposal(p.id).status).toBe('approved')
    expect(tokensFor(store.db, p.id).map((t) => t.consumed_at)).toEqual([null])
    undo()
    expect(gate().status).toBe('executing')
    expect(tokensFor(store.db, p.id).map((t) => t.consumed_by)).toEqual(['agent-a'])
  })
})
