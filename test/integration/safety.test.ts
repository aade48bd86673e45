/**
 * Safety on a real cluster: the kill switch, two agents racing on one
 * proposal, and an agent that dies while executing.
 */
import { describe, expect, it } from 'vitest'
import { createOperatorEnv, waitFor } from '../fixtures/operator-env.js'

const MONITOR = ['monitor', '--interval', '300']
const AGENT = ['agent', '--settle', '800']

describe('kill switch', () => {
  it('cancels every pending proposal, aborts the agent’s task, and keeps a restarted agent in observe mode', async () => {
    const op = createOperatorEnv()
    await op.clusterUp()
    op.spawn('monitor', MONITOR)
    const agent = op.spawn('agent', AGENT, { OPERATOR_SAFETY_MODE: 'execute', OPERATOR_APPROVAL_MODE: 'manual' })
    await op.cli(['fault', 'kill_member', '--target', 'm2'])
    const pending = await waitFor(
      'a proposal awaiting approval',
      () => op.store().proposals({ status: ['awaiting_approval'] })[0],
    )
    // More pending work on another ticket, as a busy system would have.
    const store = op.store()
    const other = store.upsertViolation(
      pending.ticket_id ? store.ticket(pending.ticket_id).run_id : '',
      'etcd',
      {
        invariant: 'db_size',
        key: 'db_size:m1',
        severity: 'warning',
        target: 'm1',
        message: 'synthetic',
        evidence: {},
      },
      'test',
    ).ticket
    for (let i = 0; i < 3; i++) {
      store.createProposal({
        ticket_id: other.id,
        run_id: other.run_id,
        attempt: i,
        step: 0,
        steps: 1,
        action: 'defragment_member',
        params: { member: 'm1' },
        risk: 'low',
        tier: 1,
        rationale: 'synthetic',
        created_by: 'test',
      })
    }

    const report = await op.cliJson<{
      proposals_cancelled: number
      tasks_aborted: number
      agents_signalled: number
      agents_acknowledged: number
      elapsed_ms: number
      safety_mode: string
    }>(['kill'])
    expect(report.proposals_cancelled).toBe(4)
    expect(report).toMatchObject({
      agents_signalled: 1,
      agents_acknowledged: 1,
      tasks_aborted: 1,
      safety_mode: 'observe',
    })
    expect(report.elapsed_ms).toBeGreaterThanOrEqual(0)
    expect(store.proposals({ status: ['awaiting_approval', 'proposed', 'validated', 'approved'] })).toHaveLength(0)

    const late = await op.cli(['approve', pending.id, '--as', 'alice'])
    expect(late.exitCode).not.toBe(0)
    expect(late.stderr).toMatch(/cancelled, not awaiting approval/)
    await new Promise((r) => setTimeout(r, 2500))
    expect(store.events({ types: ['proposal.executing'] })).toHaveLength(0)

    await agent.stop()
    const restarted = op.spawn('agent-2', AGENT, { OPERATOR_SAFETY_MODE: 'execute', OPERATOR_APPROVAL_MODE: 'auto' })
    await waitFor('the new agent started', () => restarted.events().some((e) => e.event === 'agent.started'))
    await new Promise((r) => setTimeout(r, 2500))
    expect(store.modes()).toMatchObject({ safety: 'observe', kill_latched: true })
    expect(store.events({ types: ['mode.refused'] }).length).toBeGreaterThan(0)
    expect(store.events({ types: ['proposal.executing'] })).toHaveLength(0)
    const m2 = (await op.cliJson<{ members: { name: string; state: string }[] }>(['cluster', 'status'])).members.find(
      (m) => m.name === 'm2',
    )
    expect(m2?.state).toBe('exited')

    // Only an explicit `operator mode execute` brings the loop back.
    expect((await op.cli(['mode', 'execute', '--approval', 'auto', '--as', 'alice'])).exitCode).toBe(0)
    await waitFor(
      'm2 repaired after execute mode came back',
      () => store.events({ types: ['proposal.verified'] }).length > 0,
      90_000,
    )
  })
})

/** A cluster with m3 killed, the monitor and agent A (execute + manual mode), and A's restart waiting for a person. */
async function agentWaitingForApproval() {
  const op = createOperatorEnv()
  await op.clusterUp()
  op.spawn('monitor', MONITOR)
  const manual = { OPERATOR_SAFETY_MODE: 'execute', OPERATOR_APPROVAL_MODE: 'manual' }
  const a = op.spawn('agent-a', AGENT, manual)
  await op.cli(['fault', 'kill_member', '--target', 'm3'])
  const pending = await waitFor(
    'a proposal awaiting approval',
    () => op.store().proposals({ status: ['awaiting_approval'] })[0],
  )
  return { op, a, pending, manual }
}

describe('concurrent agents', () => {
  it('executes a proposal exactly once when two agents race on it', async () => {
    const { op, a, pending, manual } = await agentWaitingForApproval()
    // Agent A stalls (as in a long GC pause); B adopts its ticket once A's heartbeat is stale.
    process.kill(a.pid, 'SIGSTOP')
    const b = op.spawn('agent-b', AGENT, manual)
    try {
      await waitFor(
        'agent B adopted the ticket',
        () => b.events().some((e) => e.event === 'ticket.claimed' && e.adopted_from),
        30_000,
      )
    } finally {
      process.kill(a.pid, 'SIGCONT')
    }
    // Both now wait on the same proposal; approving it lets them race for the execution gate.
    expect((await op.cli(['approve', pending.id, '--as', 'alice'])).exitCode).toBe(0)
    await waitFor('the proposal verified', () => op.store().proposal(pending.id).status === 'verified', 60_000)
    await new Promise((r) => setTimeout(r, 1500))
    const executing = op
      .store()
      .events({ types: ['proposal.executing'] })
      .filter((e) => e.payload.proposal_id === pending.id)
    expect(executing).toHaveLength(1)
    const executed = op
      .store()
      .events({ types: ['proposal.executed', 'proposal.late_result'] })
      .filter((e) => e.payload.proposal_id === pending.id)
    expect(executed).toHaveLength(1)
  })

  it('keeps a ticket with its agent through a slow moment shorter than the busy timeout plus the longest write', async () => {
    const { op, a, pending, manual } = await agentWaitingForApproval()
    const b = op.spawn('agent-b', AGENT, manual)
    await waitFor('agent B started', () => b.events().some((e) => e.event === 'agent.started'))
    const owner = op.store().ticket(pending.ticket_id).claimed_by
    // Agent A is held up for 8 s: longer than the old 5 s threshold, shorter than a busy database can hold it.
    process.kill(a.pid, 'SIGSTOP')
    try {
      await new Promise((r) => setTimeout(r, 8000))
    } finally {
      process.kill(a.pid, 'SIGCONT')
    }
    await new Promise((r) => setTimeout(r, 1500))
    expect(b.events().filter((e) => e.event === 'ticket.claimed')).toEqual([])
    expect(op.store().ticket(pending.ticket_id).claimed_by).toBe(owner)
    expect(op.store().proposal(pending.id).status).toBe('awaiting_approval')
  })

  it('marks a proposal interrupted when its agent dies while executing, and re-verifies instead of re-executing', async () => {
    const op = createOperatorEnv()
    await op.clusterUp()
    op.spawn('monitor', MONITOR)
    const auto = { OPERATOR_SAFETY_MODE: 'execute', OPERATOR_APPROVAL_MODE: 'auto' }
    const first = op.spawn('agent-a', AGENT, auto)
    await op.cli(['fault', 'kill_member', '--target', 'm2'])
    const executing = await waitFor(
      'a proposal executing',
      () => op.store().proposals({ status: ['executing'] })[0],
      60_000,
      20,
    )
    await first.stop('SIGKILL')
    op.spawn('agent-b', AGENT, auto)
    await waitFor(
      'the proposal interrupted and re-verified',
      () => ['verified', 'verify_failed'].includes(op.store().proposal(executing.id).status),
      60_000,
    )
    const types = op
      .store()
      .events()
      .filter((e) => e.payload.proposal_id === executing.id)
      .map((e) => e.type)
    expect(types.filter((t) => t === 'proposal.executing')).toHaveLength(1)
    expect(types).toContain('proposal.interrupted')
    await waitFor('the ticket resolved', () => op.store().ticket(executing.ticket_id).status === 'resolved', 90_000)
  })
})
