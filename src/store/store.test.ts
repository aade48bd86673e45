import { describe, expect, it } from 'vitest'
import { createTempStore, createViolation } from '../../test/fixtures/temp-store.js'
import { OperatorError } from '../core/errors.js'
import { recordApproval } from '../safety/approvals.js'
import { beginExecution } from '../safety/execution-gate.js'
import { engageKillSwitch } from '../safety/kill-switch.js'
import { evaluatePolicy } from '../safety/policy/evaluate-policy.js'
import { builtInPolicy } from '../safety/policy/load-policy.js'
import { assessRisk } from '../safety/risk.js'
import type { Store } from './store.js'

function openTicket(store: Store, key = 'members_healthy:m2') {
  return store.upsertViolation('run-1', 'etcd', createViolation({ key }), 'monitor').ticket
}

const KEY = { secret: 'a3f1c9e27b4d8e6f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7' }
const POLICY = builtInPolicy()

function proposalFor(store: Store, ticketId: string, tier: 1 | 2 | 3 = 2) {
  let p = store.createProposal({
    ticket_id: ticketId,
    run_id: 'run-1',
    attempt: 0,
    step: 0,
    steps: 1,
    action: 'restart_member',
    params: { member: 'm2' },
    risk: 'medium',
    tier,
    rationale: 'm2 crashed',
    created_by: 'agent-a',
  })
  const policy = evaluatePolicy(POLICY, {
    action: 'restart_member',
    kind: 'subject',
    subject: 'etcd',
    risk: 'medium',
    tier,
  })
  const risk_assessment = assessRisk({
    base: 'medium',
    action: 'restart_member',
    params: p.params,
    paramFactors: [],
    recent: [],
    now: 0,
  })
  p = store.transition(p.id, p.version, 'validated', {
    actor: 'agent-a',
    runId: 'run-1',
    governance: { policy, risk_assessment },
  })
  return p
}

const gateCtx = { key: KEY, policy: { loaded: POLICY, subject: 'etcd', kind: 'subject' as const } }

describe('modes', () => {
  it('starts in observe and manual, and records every change as an event', () => {
    const { store } = createTempStore()
    expect(store.modes()).toMatchObject({ safety: 'observe', approval: 'manual', kill_latched: false })
    store.setModes({ safety: 'execute', approval: 'auto' }, 'alice')
    expect(store.modes()).toMatchObject({ safety: 'execute', approval: 'auto', updated_by: 'alice' })
    expect(store.events({ types: ['mode.changed'] })).toHaveLength(1)
  })

  it('keeps observe mode after a kill switch until someone explicitly asks for execute', () => {
    const { store } = createTempStore()
    store.setModes({ safety: 'execute' }, 'alice')
    engageKillSwitch(store.db, 'bob', 1)
    const fromEnv = store.applyEnvModes({ OPERATOR_SAFETY_MODE: 'execute' }, 'agent-x')
    expect(fromEnv?.refused).toMatch(/kill switch/)
    expect(store.modes()).toMatchObject({ safety: 'observe', kill_latched: true })
    store.setModes({ safety: 'execute', explicit: true }, 'alice')
    expect(store.modes()).toMatchObject({ safety: 'execute', kill_latched: false })
  })

  it('refuses a bad mode in the environment before writing anything', () => {
    const { store } = createTempStore()
    const before = store.events().length
    expect(() => store.applyEnvModes({ OPERATOR_SAFETY_MODE: 'yolo' }, 'agent')).toThrow(/not a safety mode/)
    expect(store.events()).toHaveLength(before)
  })
})

describe('tickets', () => {
  it('opens one ticket per violation key, counts repeats and resolves it when gone', () => {
    const { store } = createTempStore()
    const first = store.upsertViolation('run-1', 'etcd', createViolation(), 'monitor')
    const again = store.upsertViolation('run-1', 'etcd', createViolation(), 'monitor')
    expect(first.opened).toBe(true)
    expect(again.opened).toBe(false)
    expect(again.ticket).toMatchObject({ id: first.ticket.id, occurrences: 2 })
    const resolved = store.resolveAbsent('run-1', new Set(), 'monitor')
    expect(resolved.map((t) => t.id)).toEqual([first.ticket.id])
    expect(store.upsertViolation('run-1', 'etcd', createViolation(), 'monitor').opened).toBe(true)
  })

  it('lets exactly one agent claim a ticket, and another adopt it once the first is stale', () => {
    const { store, clock, open } = createTempStore()
    const other = open()
    openTicket(store)
    store.registerAgent({ id: 'agent-a', pid: 1, subject: 'etcd', runId: 'run-1' })
    other.registerAgent({ id: 'agent-b', pid: 2, subject: 'etcd', runId: 'run-1' })
    const opts = (agentId: string) => ({ runId: 'run-1', agentId, staleBefore: clock.now() - 5000, executeMode: true })
    expect(store.claimTicket(opts('agent-a'))?.adoptedFrom).toBeNull()
    expect(other.claimTicket(opts('agent-b'))).toBeNull()
    clock.advance(10_000)
    other.heartbeat('agent-b')
    expect(other.claimTicket(opts('agent-b'))?.adoptedFrom).toBe('agent-a')
  })

  it('lets an agent adopt at once the ticket of an agent known dead, whatever its heartbeat says', () => {
    const { store, clock, open } = createTempStore()
    const other = open()
    openTicket(store)
    store.registerAgent({ id: 'agent-a', pid: 1, subject: 'etcd', runId: 'run-1' })
    const staleBefore = clock.now() - 15_000
    expect(store.claimTicket({ runId: 'run-1', agentId: 'agent-a', staleBefore, executeMode: true })).not.toBeNull()
    const claim = { runId: 'run-1', agentId: 'agent-b', staleBefore, executeMode: true }
    expect(other.claimTicket({ ...claim, deadAgents: ['agent-x'] })).toBeNull()
    expect(other.claimTicket({ ...claim, deadAgents: ['agent-a'] })?.adoptedFrom).toBe('agent-a')
  })
})

describe('approvals and the execution gate', () => {
  it('executes only in execute mode with an approval bound to the content hash', () => {
    const { store } = createTempStore()
    const t = openTicket(store)
    let p = proposalFor(store, t.id)
    p = store.transition(p.id, p.version, 'awaiting_approval', { actor: 'agent-a', runId: 'run-1' })
    p = recordApproval(
      store,
      { proposalId: p.id, actor: 'alice', decision: 'approve', comment: 'go', runId: 'run-1' },
      KEY,
    )
    expect(p.status).toBe('approved')
    const gate = () =>
      beginExecution(
        store.db,
        { proposalId: p.id, expectedVersion: p.version, agentId: 'agent-a', runId: 'run-1' },
        gateCtx,
        1,
      )
    expect(gate()).toMatchObject({ status: 'refused', reason: 'safety mode is observe' })
    store.setModes({ safety: 'execute' }, 'alice')
    expect(gate()).toMatchObject({ status: 'executing' })
    expect(store.proposal(p.id).status).toBe('executing')
  })

  it('refuses a proposal whose params changed after it was approved', () => {
    const { store } = createTempStore()
    store.setModes({ safety: 'execute' }, 'alice')
    const t = openTicket(store)
    let p = proposalFor(store, t.id)
    p = store.transition(p.id, p.version, 'awaiting_approval', { actor: 'agent-a', runId: 'run-1' })
    p = recordApproval(
      store,
      { proposalId: p.id, actor: 'alice', decision: 'approve', comment: null, runId: 'run-1' },
      KEY,
    )
    store.db.prepare('UPDATE proposals SET params = ? WHERE id = ?').run(JSON.stringify({ member: 'm1' }), p.id)
    expect(
      beginExecution(store.db, { proposalId: p.id, expectedVersion: p.version, agentId: 'a', runId: null }, gateCtx, 1),
    ).toMatchObject({
      status: 'refused',
      reason: 'proposal content does not match its content hash',
    })
  })

  it('sends a system approval back to a person when the approval mode returned to manual', () => {
    const { store } = createTempStore()
    store.setModes({ safety: 'execute', approval: 'auto' }, 'alice')
    const t = openTicket(store)
    let p = proposalFor(store, t.id)
    p = recordApproval(
      store,
      { proposalId: p.id, actor: 'system', decision: 'approve', comment: null, runId: 'run-1' },
      KEY,
    )
    store.setModes({ approval: 'manual' }, 'alice')
    const r = beginExecution(
      store.db,
      { proposalId: p.id, expectedVersion: p.version, agentId: 'a', runId: null },
      gateCtx,
      1,
    )
    expect(r.status).toBe('needs_approval')
    expect(store.proposal(p.id).status).toBe('awaiting_approval')
  })

  it('lets exactly one of two racing agents begin execution', () => {
    const { store, open } = createTempStore()
    const other = open()
    store.setModes({ safety: 'execute' }, 'alice')
    const t = openTicket(store)
    let p = proposalFor(store, t.id)
    p = store.transition(p.id, p.version, 'awaiting_approval', { actor: 'agent-a', runId: 'run-1' })
    p = recordApproval(
      store,
      { proposalId: p.id, actor: 'alice', decision: 'approve', comment: null, runId: 'run-1' },
      KEY,
    )
    const req = (agentId: string) => ({ proposalId: p.id, expectedVersion: p.version, agentId, runId: 'run-1' })
    const results = [
      beginExecution(store.db, req('agent-a'), gateCtx, 1),
      beginExecution(other.db, req('agent-b'), gateCtx, 1),
    ]
    expect(results.filter((r) => r.status === 'executing')).toHaveLength(1)
    expect(store.events({ types: ['proposal.executing'] })).toHaveLength(1)
  })

  it('refuses approvals of proposals not awaiting one, and duplicate decisions', () => {
    const { store } = createTempStore()
    const t = openTicket(store)
    let p = proposalFor(store, t.id)
    expect(() =>
      recordApproval(store, { proposalId: p.id, actor: 'alice', decision: 'approve', comment: null, runId: null }, KEY),
    ).toThrow(/not awaiting approval/)
    p = store.transition(p.id, p.version, 'awaiting_approval', { actor: 'agent-a', runId: 'run-1' })
    recordApproval(store, { proposalId: p.id, actor: 'alice', decision: 'reject', comment: 'no', runId: null }, KEY)
    expect(store.proposal(p.id).status).toBe('denied')
    expect(() =>
      recordApproval(store, { proposalId: p.id, actor: 'alice', decision: 'approve', comment: null, runId: null }, KEY),
    ).toThrow(OperatorError)
  })
})

describe('kill switch', () => {
  it('latches observe mode, cancels every non-terminal proposal and escalates tickets in one transaction', () => {
    const { store } = createTempStore()
    store.setModes({ safety: 'execute', approval: 'auto' }, 'alice')
    const t = openTicket(store)
    store.registerAgent({ id: 'agent-a', pid: 1, subject: 'etcd', runId: 'run-1' })
    store.claimTicket({ runId: 'run-1', agentId: 'agent-a', staleBefore: 0, executeMode: true })
    const pending = [proposalFor(store, t.id), proposalFor(store, t.id), proposalFor(store, t.id)]
    const done = pending[2]
    if (done) store.transition(done.id, done.version, 'observed', { actor: 'agent-a', runId: 'run-1' })
    const record = engageKillSwitch(store.db, 'bob', 1)
    expect(record.proposals_cancelled).toBe(2)
    expect(record.tickets_escalated).toBe(1)
    expect(store.proposals({ status: ['cancelled'] })).toHaveLength(2)
    expect(store.proposals({ status: ['observed'] })).toHaveLength(1)
    expect(store.modes()).toMatchObject({ safety: 'observe', kill_latched: true })
    expect(store.ticket(t.id)).toMatchObject({ status: 'escalated', escalation_reason: 'kill_switch' })
    expect(store.verifyChain().ok).toBe(true)
  })
})
