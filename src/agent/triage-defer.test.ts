/**
 * The agent's deferral: a ticket that follows from another root is handed
 * back (open, linked to its root) at diagnosis without acting; a root whose
 * repair did its part but that now only follows from another root is handed
 * on after verification — at once when it is blocked until that root is
 * back, at the verification deadline otherwise. A fake subject whose playbook
 * triages m1's ticket as a consequence of m2's while `world.m1Follows` holds.
 */

import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { RESTART_MEMBER } from '../../subjects/etcd/actions/restart-member.js'
import { createTempStore, createViolation } from '../../test/fixtures/temp-store.js'
import type { ActionDefinition, BaseObservation, Candidate, Subject, Triage, Violation } from '../core/subject.js'
import { createLogger } from '../log/logger.js'
import { builtInPolicy } from '../safety/policy/load-policy.js'
import { type AgentContext, DEFAULT_AGENT_SETTINGS } from './context.js'
import { remediate } from './remediate.js'
import { VERIFY_INTERVAL_MS } from './watch-gone.js'

const KEY = { secret: '5e1f0c7a9b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f' }
const M1 = 'members_healthy:m1'
const M2 = 'members_healthy:m2'
const VICTIM_REASON = 'm1 runs but cannot serve: quorum needs m2 back'

interface World {
  /** Whether m1's violation is observed. */
  m1Violated: boolean
  /** Whether m1's violation follows from m2's (else it is a root). */
  m1Follows: boolean
  /** Whether, as a consequence, it cannot clear before m2 is back. */
  blocked: boolean
  /** What the restart of m1 does to the world. */
  onRestart: (w: World) => void
  /** Called at every observation, with how many there were before it. */
  onObserve: (w: World, count: number) => void
}

type Obs = BaseObservation & { m1Violated: boolean; m1Follows: boolean; blocked: boolean }

function fakeSubject(world: World, ran: unknown[], observed: { count: number }): Subject {
  const observe = async (): Promise<Obs> => {
    world.onObserve(world, observed.count)
    observed.count++
    return {
      subject: 'etcd',
      run_id: 'run-1',
      at: 0,
      duration_ms: 0,
      m1Violated: world.m1Violated,
      m1Follows: world.m1Follows,
      blocked: world.blocked,
    }
  }
  const evaluate = (o: Obs): Violation[] => [
    ...(o.m1Violated
      ? [createViolation({ key: M1, target: 'm1', message: 'm1 fails linearizable reads', evidence: {} })]
      : []),
    createViolation({ key: M2, target: 'm2', message: 'member m2 is down' }),
  ]
  const triage = (violations: readonly Violation[], o: Obs): Map<string, Triage> => {
    const out = new Map<string, Triage>([[M2, { cause: null, priority: 30, reason: 'm2 is gone: a root' }]])
    if (violations.some((v) => v.key === M1))
      out.set(
        M1,
        o.m1Follows
          ? { cause: M2, priority: 0, reason: VICTIM_REASON, blocked: o.blocked }
          : { cause: null, priority: 20, reason: 'm1 is paused: a root' },
      )
    return out
  }
  const candidates = (v: Violation): Candidate[] => [
    {
      steps: [{ action: 'restart_member', params: { member: v.target } }],
      rationale: `restart ${v.target}`,
      evidence: {},
      score: 80,
    },
  ]
  const restart: ActionDefinition<unknown> = {
    ...(RESTART_MEMBER as ActionDefinition<unknown>),
    run: async (params) => {
      ran.push(params)
      world.onRestart(world)
      return { status: 'ok', summary: 'restarted' }
    },
  }
  return {
    name: 'etcd',
    run_id: 'run-1',
    observe,
    checker: { check: evaluate, evaluate },
    actions: [restart],
    faults: [],
    playbook: { triage, candidates },
    summarize: () => '',
    close: async () => undefined,
  } as unknown as Subject
}

function setup(world: Partial<World> = {}) {
  const env = createTempStore()
  env.store.setModes({ safety: 'execute', approval: 'auto' }, 'test')
  const w: World = {
    m1Violated: true,
    m1Follows: false,
    blocked: true,
    onRestart: () => undefined,
    onObserve: () => undefined,
    ...world,
  }
  const ran: unknown[] = []
  const observed = { count: 0 }
  const ctx: AgentContext = {
    agentId: 'agent-1',
    governance: { policy: builtInPolicy(), key: () => KEY },
    subject: fakeSubject(w, ran, observed),
    store: env.store,
    clock: env.clock,
    logger: createLogger('agent', new Writable({ write: (_c, _e, done) => done() })),
    settings: { ...DEFAULT_AGENT_SETTINGS, settleMs: 0, verifyTimeoutMs: 60_000 },
  }
  // m1's ticket first, claimed by this agent; then m2's (the root) so the link names its ticket.
  env.store.upsertViolation('run-1', 'etcd', createViolation({ key: M1, target: 'm1' }), 'monitor')
  const claimed = env.store.claimTicket({ runId: 'run-1', agentId: 'agent-1', staleBefore: 0, executeMode: true })
  if (claimed === null) throw new Error('could not claim the ticket')
  const root = env.store.upsertViolation('run-1', 'etcd', createViolation({ key: M2, target: 'm2' }), 'monitor').ticket
  const claimBy = (agentId: string) =>
    env.store.claimTicket({ runId: 'run-1', agentId, staleBefore: 0, executeMode: true })?.ticket ?? null
  const run = async () => {
    const before = env.clock.now()
    const outcome = await remediate(ctx, claimed.ticket, new AbortController().signal)
    return { outcome, elapsed: env.clock.now() - before }
  }
  return { ...env, ctx, world: w, ran, observed, ticket: claimed.ticket, root, claimBy, run }
}

describe('a ticket that is a consequence at diagnosis', () => {
  it('is handed back open, linked to its root, without a diagnosis, a proposal or an action', async () => {
    const { store, ran, ticket, root, claimBy, run } = setup({ m1Follows: true })
    expect(ticket).toMatchObject({ key: M1, status: 'in_progress', claimed_by: 'agent-1' })
    const { outcome } = await run()
    expect(outcome).toBe('deferred')
    expect(ran).toEqual([])
    expect(store.proposals({ ticketId: ticket.id })).toEqual([])
    expect(store.events({ types: ['agent.diagnosed'] })).toEqual([])
    expect(store.ticket(ticket.id)).toMatchObject({
      status: 'open',
      claimed_by: null,
      cause_key: M2,
      cause_ticket: root.id,
      triage_reason: VICTIM_REASON,
    })
    expect(store.events({ types: ['ticket.linked'] }).map((e) => e.payload)).toEqual([
      expect.objectContaining({ ticket_id: ticket.id, cause_key: M2, cause_ticket: root.id, was: null }),
    ])
    // Another agent gets the root, never the consequence.
    expect(claimBy('agent-2')).toMatchObject({ id: root.id })
    expect(claimBy('agent-3')).toBeNull()
    expect(store.ticket(ticket.id)).toMatchObject({ status: 'open', claimed_by: null })
  })
})

describe('a root that follows from another root by the time the step would execute', () => {
  it('supersedes the proposal and hands the ticket back without running the action', async () => {
    // Observation 0 is the diagnosis (a root); observation 1 is the check before executing (now a victim).
    const { store, ran, ticket, run } = setup({
      onObserve: (w, count) => {
        if (count === 1) w.m1Follows = true
      },
    })
    const { outcome } = await run()
    expect(outcome).toBe('deferred')
    expect(ran).toEqual([])
    const [p, ...rest] = store.proposals({ ticketId: ticket.id })
    expect(rest).toEqual([])
    expect(p).toMatchObject({ action: 'restart_member', status: 'superseded' })
    expect(p?.reason).toMatch(/now follows from members_healthy:m2/)
    expect(store.events({ types: ['proposal.executing'] })).toEqual([])
    expect(store.ticket(ticket.id)).toMatchObject({ status: 'open', cause_key: M2 })
  })
})

describe('a root whose repair did its part but that now follows from another root', () => {
  it('is handed on at once when it cannot clear before that root is back (blocked)', async () => {
    const { store, ran, ticket, root, observed, claimBy, run } = setup({
      blocked: true,
      onRestart: (w) => {
        w.m1Follows = true
      },
    })
    const { outcome, elapsed } = await run()
    expect(outcome).toBe('deferred')
    expect(ran).toEqual([expect.objectContaining({ member: 'm1' })])
    const [p, ...rest] = store.proposals({ ticketId: ticket.id })
    expect(rest).toEqual([])
    expect(p?.status).toBe('verified')
    expect(p?.reason).toContain('now follows from')
    expect(p?.reason).toBe(`restart_member did its part; ${M1} now follows from ${M2}: ${VICTIM_REASON}`)
    // It did not wait for the verification deadline: one observation after the (zero) settle.
    expect(elapsed).toBeLessThan(1000)
    expect(observed.count).toBe(3)
    expect(store.ticket(ticket.id)).toMatchObject({
      status: 'open',
      claimed_by: null,
      cause_key: M2,
      cause_ticket: root.id,
    })
    expect(claimBy('agent-2')).toMatchObject({ id: root.id })
    expect(claimBy('agent-3')).toBeNull()
  })

  it('is handed on only at the verification deadline when it may still clear on its own (not blocked)', async () => {
    const { store, ran, ticket, ctx, observed, run } = setup({
      blocked: false,
      onRestart: (w) => {
        w.m1Follows = true
      },
    })
    const { outcome, elapsed } = await run()
    expect(outcome).toBe('deferred')
    expect(ran).toHaveLength(1)
    expect(elapsed).toBeGreaterThanOrEqual(ctx.settings.verifyTimeoutMs)
    expect(elapsed).toBeLessThan(ctx.settings.verifyTimeoutMs + 1000)
    // Diagnosis, the check before executing, then one observation every VERIFY_INTERVAL_MS over the whole window.
    expect(observed.count).toBe(2 + 1 + ctx.settings.verifyTimeoutMs / VERIFY_INTERVAL_MS)
    const [p] = store.proposals({ ticketId: ticket.id })
    expect(p).toMatchObject({ status: 'verified' })
    expect(p?.reason).toContain('now follows from')
    expect(store.ticket(ticket.id)).toMatchObject({ status: 'open', cause_key: M2 })
  })

  it('resolves when the violation clears while it waits, without handing on', async () => {
    const { store, ticket, run } = setup({
      blocked: false,
      onRestart: (w) => {
        w.m1Follows = true
      },
      onObserve: (w, count) => {
        if (count === 5) w.m1Violated = false
      },
    })
    const { outcome, elapsed } = await run()
    expect(outcome).toBe('resolved')
    expect(elapsed).toBeLessThan(10_000)
    expect(store.proposals({ ticketId: ticket.id })[0]).toMatchObject({
      status: 'verified',
      reason: `${M1} no longer violated`,
    })
    expect(store.ticket(ticket.id)).toMatchObject({ status: 'resolved', cause_key: null })
  })

  it('contrast: a root still violated as a root after the deadline fails verification and escalates', async () => {
    const { store, ticket, ctx, run } = setup()
    const { outcome, elapsed } = await run()
    expect(outcome).toBe('escalated')
    expect(elapsed).toBeGreaterThanOrEqual(ctx.settings.verifyTimeoutMs)
    expect(store.proposals({ ticketId: ticket.id })[0]).toMatchObject({ status: 'verify_failed' })
    expect(store.ticket(ticket.id)).toMatchObject({
      status: 'escalated',
      cause_key: null,
      escalation_reason: 'candidates_exhausted',
    })
  })
})
