/**
 * The core loop end to end on a real three-member etcd cluster: real
 * monitor and agent processes of the built CLI, faults injected through the
 * CLI, outcomes read back from the shared database.
 */
import { describe, expect, it } from 'vitest'
import type { Proposal, Ticket } from '../../src/core/records.js'
import { createOperatorEnv, type OperatorEnv, waitFor } from '../fixtures/operator-env.js'

const MONITOR = ['monitor', '--interval', '300']
const AGENT = ['agent', '--settle', '800']
const EXECUTE_AUTO = { OPERATOR_SAFETY_MODE: 'execute', OPERATOR_APPROVAL_MODE: 'auto' }

async function status(op: OperatorEnv) {
  return op.cliJson<{ members: { name: string; pid: number | null; state: string }[] }>(['cluster', 'status'])
}

function ticketFor(op: OperatorEnv, key: string): Ticket | undefined {
  return op
    .store()
    .tickets()
    .find((t) => t.key === key)
}

function proposalsFor(op: OperatorEnv, ticket: Ticket): Proposal[] {
  return op.store().proposals({ ticketId: ticket.id })
}

describe('remediation loop on real etcd', () => {
  it('restarts a crashed member in execute+auto mode, verifies it and resolves the ticket', async () => {
    const op = createOperatorEnv()
    await op.clusterUp()
    op.spawn('monitor', MONITOR)
    op.spawn('agent', AGENT, EXECUTE_AUTO)
    const fault = await op.cli(['fault', 'kill_member', '--target', 'm2', '--json'])
    expect(fault.exitCode, fault.stderr).toBe(0)

    const ticket = await waitFor('a ticket for m2', () => ticketFor(op, 'members_healthy:m2'))
    const done = await waitFor(
      'the ticket resolved',
      () => {
        const t = op.store().ticket(ticket.id)
        return t.status === 'resolved' ? t : undefined
      },
      90_000,
    )
    expect(done.status).toBe('resolved')
    const proposals = proposalsFor(op, ticket)
    expect(proposals.map((p) => [p.action, p.params, p.status])).toEqual([
      ['restart_member', { member: 'm2' }, 'verified'],
    ])
    const members = (await status(op)).members
    expect(members.find((m) => m.name === 'm2')?.state).toBe('running')

    const types = op
      .store()
      .events()
      .map((e) => e.type)
    const order = [
      'fault.injected',
      'ticket.opened',
      'ticket.in_progress',
      'proposal.proposed',
      'proposal.validated',
      'approval.recorded',
      'proposal.approved',
      'proposal.executing',
      'proposal.executed',
      'proposal.verified',
    ]
    const positions = order.map((t) => types.indexOf(t))
    expect(
      positions.every((p) => p >= 0),
      `events present: ${order.filter((_, i) => positions[i] === -1)}`,
    ).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    expect((await op.cli(['audit', 'verify'])).exitCode).toBe(0)
  })

  it('only records the plan in observe mode: the proposal ends observed and the member stays dead', async () => {
    const op = createOperatorEnv()
    await op.clusterUp()
    op.spawn('monitor', MONITOR)
    op.spawn('agent', AGENT, { OPERATOR_SAFETY_MODE: 'observe', OPERATOR_APPROVAL_MODE: 'auto' })
    await op.cli(['fault', 'kill_member', '--target', 'm3'])
    const ticket = await waitFor('a ticket for m3', () => ticketFor(op, 'members_healthy:m3'))
    const observed = await waitFor('an observed proposal', () =>
      proposalsFor(op, ticket).find((p) => p.status === 'observed'),
    )
    expect(observed).toMatchObject({ action: 'restart_member', params: { member: 'm3' } })
    await waitFor('the ticket escalated', () => op.store().ticket(ticket.id).status === 'escalated')
    await new Promise((r) => setTimeout(r, 2000))
    expect(op.store().events({ types: ['proposal.executing'] })).toHaveLength(0)
    expect((await status(op)).members.find((m) => m.name === 'm3')?.state).toBe('exited')
  })

  it('waits for a person in manual mode, then executes after operator approve', async () => {
    const op = createOperatorEnv()
    await op.clusterUp()
    op.spawn('monitor', MONITOR)
    op.spawn('agent', AGENT, { OPERATOR_SAFETY_MODE: 'execute', OPERATOR_APPROVAL_MODE: 'manual' })
    await op.cli(['fault', 'kill_member', '--target', 'm2'])
    const pending = await waitFor(
      'a proposal awaiting approval',
      () => op.store().proposals({ status: ['awaiting_approval'] })[0],
    )
    await new Promise((r) => setTimeout(r, 1500))
    expect(op.store().proposal(pending.id).status).toBe('awaiting_approval')
    expect((await status(op)).members.find((m) => m.name === 'm2')?.state).toBe('exited')

    const listed = await op.cliJson<{ proposals: Proposal[] }>(['proposals'])
    expect(listed.proposals.map((p) => p.id)).toContain(pending.id)
    const approve = await op.cli(['approve', pending.id, '--as', 'alice', '--comment', 'looks right'])
    expect(approve.exitCode, approve.stderr).toBe(0)
    await waitFor('the proposal verified', () => op.store().proposal(pending.id).status === 'verified', 60_000)
    expect(
      op
        .store()
        .approvals(pending.id)
        .map((a) => a.actor),
    ).toEqual(['alice'])
    expect((await status(op)).members.find((m) => m.name === 'm2')?.state).toBe('running')
  })

  it('repairs a paused member (SIGSTOP) with a restart that sends SIGCONT first', async () => {
    const op = createOperatorEnv()
    await op.clusterUp()
    op.spawn('monitor', MONITOR)
    op.spawn('agent', AGENT, EXECUTE_AUTO)
    await op.cli(['fault', 'pause_member', '--target', 'm3'])
    const ticket = await waitFor('a ticket for m3', () => ticketFor(op, 'members_healthy:m3'))
    expect(ticket.evidence).toMatchObject({ state: 'unresponsive' })
    await waitFor('the ticket resolved', () => op.store().ticket(ticket.id).status === 'resolved', 90_000)
    expect(proposalsFor(op, ticket).at(-1)).toMatchObject({ action: 'restart_member', status: 'verified' })
    expect((await status(op)).members.find((m) => m.name === 'm3')?.state).toBe('running')
  })

  it('moves the leader back to the preferred member after it was moved away', async () => {
    const op = createOperatorEnv()
    await op.clusterUp()
    op.spawn('monitor', MONITOR)
    op.spawn('agent', AGENT, EXECUTE_AUTO)
    const moved = await op.cliJson<{ targets: string[] }>(['fault', 'move_leader_away'])
    expect(moved.targets).toContain('m1')
    const ticket = await waitFor('a leader_preferred ticket', () => ticketFor(op, 'leader_preferred'), 60_000)
    expect(ticket.evidence.leader).not.toBe('m1')
    await waitFor('the ticket resolved', () => op.store().ticket(ticket.id).status === 'resolved', 90_000)
    expect(proposalsFor(op, ticket).at(-1)).toMatchObject({
      action: 'transfer_leader',
      params: { to: 'm1' },
      status: 'verified',
    })
  })

  it('repairs a NOSPACE alarm: compact, defragment every member, disarm, verified', async () => {
    const op = createOperatorEnv()
    await op.clusterUp()
    op.spawn('monitor', MONITOR)
    op.spawn('agent', AGENT, EXECUTE_AUTO)
    const fill = await op.cli(['fault', 'fill_quota', '--json'])
    expect(fill.exitCode, fill.stderr).toBe(0)
    const ticket = await waitFor('a NOSPACE ticket', () => ticketFor(op, 'no_alarm:NOSPACE'), 60_000)
    await waitFor('the ticket resolved', () => op.store().ticket(ticket.id).status === 'resolved', 120_000)
    const steps = proposalsFor(op, ticket).filter((p) => p.status === 'verified')
    expect(steps.map((p) => p.action)).toEqual([
      'compact_revisions',
      'defragment_member',
      'defragment_member',
      'defragment_member',
      'disarm_alarm',
    ])
    expect(steps.filter((p) => p.action === 'defragment_member').map((p) => p.params.member)).toEqual([
      'm1',
      'm2',
      'm3',
    ])
  })
})
