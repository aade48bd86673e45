/**
 * A fleet on one PostgreSQL store: two hosts (separate OPERATOR_HOMEs and
 * OPERATOR_HOSTs sharing only OPERATOR_DB and the token secret), each with a
 * real etcd cluster, a monitor and agents, as separate processes. Host a has
 * two agents (the second a standby host `a2` that mounts a's home). Crashes
 * are repaired with one execution each however many agents race; an agent
 * killed while its repair settles leaves its ticket to the other only after
 * its lease expires, which verifies without executing again; a person on
 * host b approves host a's plan and pulls the kill switch, which every agent
 * of both hosts acknowledges; `audit verify` passes on both hosts. Each host
 * lists every run with its host; a fault on another host's run is injected
 * by that host's monitor; taking it down from elsewhere is refused.
 */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { DEFAULT_AGENT_SETTINGS } from '../../src/agent/context.js'
import type { Store } from '../../src/store/store.js'
import { createOperatorEnv, type OperatorChild, type OperatorEnv, waitFor } from '../fixtures/operator-env.js'
import { pgServerForFile } from '../fixtures/pg-server.js'
import { alive, processesUnder } from '../fixtures/processes.js'

const server = pgServerForFile()
const AUTO = { OPERATOR_SAFETY_MODE: 'execute', OPERATOR_APPROVAL_MODE: 'auto' }

async function memberPid(op: OperatorEnv, run: string, member: string): Promise<number> {
  const status = await op.cliJson<{ members: { name: string; pid: number | null }[] }>([
    'cluster',
    'status',
    '--run',
    run,
  ])
  const pid = status.members.find((m) => m.name === member)?.pid
  if (!pid) throw new Error(`run ${run} has no live ${member}`)
  return pid
}

const executions = (store: Store, ticketId: string) =>
  store
    .events({ types: ['proposal.executing'] })
    .filter((e) => store.proposal(String(e.payload.proposal_id)).ticket_id === ticketId)

async function repaired(store: Store, run: string, after: number) {
  const ticket = await waitFor(`a ticket of ${run}`, () =>
    store.tickets().find((t) => t.run_id === run && t.opened_at > after),
  )
  await waitFor(`${ticket.id} resolved`, () => store.ticket(ticket.id).status === 'resolved', 90_000)
  return ticket
}

describe('a fleet sharing one PostgreSQL store', () => {
  it('repairs each crash once, fences a dead agent by its lease, approves and kills across hosts', async () => {
    const shared = {
      OPERATOR_DB: await server().createDatabase('fleet'),
      OPERATOR_TOKEN_SECRET: randomBytes(32).toString('hex'),
    }
    const a = createOperatorEnv({ env: { ...shared, OPERATOR_HOST: 'host-a' } })
    const b = createOperatorEnv({ env: { ...shared, OPERATOR_HOST: 'host-b' } })
    const up = await Promise.all([
      a.cli(['cluster', 'up', '--name', 'ra']),
      b.cli(['cluster', 'up', '--name', 'rb', '--members', '1']),
    ])
    expect(up.map((r) => r.exitCode)).toEqual([0, 0])
    const agent = (op: OperatorEnv, name: string, host: string) =>
      op.spawn(name, ['agent', '--runs', 'all', '--settle', '2500'], { ...AUTO, OPERATOR_HOST: host })
    const children: OperatorChild[] = [
      a.spawn('monitor-a', ['monitor', '--runs', 'all', '--interval', '250']),
      b.spawn('monitor-b', ['monitor', '--runs', 'all', '--interval', '250']),
      agent(a, 'agent-a1', 'host-a'),
      agent(a, 'agent-a2', 'host-a2'),
      agent(b, 'agent-b', 'host-b'),
    ]
    const [, , a1, a2, agentB] = children as [OperatorChild, OperatorChild, OperatorChild, OperatorChild, OperatorChild]
    const store = a.store()
    try {
      await waitFor('every agent started', () =>
        children.slice(2).every((c) => c.events().some((e) => e.event === 'agent.started')),
      )

      // Every host sees every run and its host; taking another host's run down is refused, naming the host.
      const listed = await b.cliJson<{ runs: { run_id: string; host: string; here: boolean; state: string }[] }>([
        'cluster',
        'list',
      ])
      expect(listed.runs.map((r) => [r.run_id, r.host, r.here, r.state])).toEqual([
        ['ra', 'host-a', false, 'up'],
        ['rb', 'host-b', true, 'up'],
      ])
      const seen = await b.cliJson<Record<string, unknown>>(['cluster', 'status', '--run', 'ra'])
      expect(seen).toMatchObject({ run_id: 'ra', host: 'host-a', state: 'up', open_tickets: [] })
      const down = await b.cli(['cluster', 'down', '--run', 'ra'])
      expect(down.exitCode).not.toBe(0)
      expect(down.stderr.trim().split('\n')).toHaveLength(1)
      expect(down.stderr).toMatch(/run ra runs on host host-a \(.*\): taking it down acts on its members there/)

      // A fault on ra asked for on host b is injected by host a's monitor; two agents race for the crash: one
      // execution. rb's crash is host b's own.
      let t0 = Date.now()
      const injected = await b.cliJson<Record<string, unknown>>([
        'fault',
        'kill_member',
        '--run',
        'ra',
        '--target',
        'm2',
      ])
      expect(injected).toMatchObject({ fault: 'kill_member', targets: ['m2'], host: 'host-a' })
      process.kill(await memberPid(b, 'rb', 'm1'), 'SIGKILL')
      const [ra1, rb1] = await Promise.all([repaired(store, 'ra', t0), repaired(store, 'rb', t0)])
      expect(executions(store, ra1.id)).toHaveLength(1)
      expect(executions(store, rb1.id)).toHaveLength(1)
      expect(executions(store, rb1.id)[0]?.actor).toMatch(new RegExp(`^agent-${agentB.pid}-`))
      expect(store.events({ types: ['fault.requested', 'fault.injected'] }).map((e) => [e.type, e.run_id])).toEqual([
        ['fault.requested', 'ra'],
        ['fault.injected', 'ra'],
      ])

      // The agent whose repair is settling dies: the other adopts only once its lease (heartbeat) expires.
      t0 = Date.now()
      process.kill(await memberPid(a, 'ra', 'm3'), 'SIGKILL')
      const ticket = await waitFor('ra’s second ticket', () =>
        store.tickets().find((t) => t.run_id === 'ra' && t.opened_at > t0),
      )
      const executed = await waitFor('its restart executed', () =>
        store.proposals({ status: ['executed'] }).find((p) => p.ticket_id === ticket.id),
      )
      const holder = String(store.executingAgent(executed.id))
      const [dead, other] = holder.startsWith(`agent-${a1.pid}-`) ? [a1, a2] : [a2, a1]
      await dead.stop('SIGKILL')
      const killedAt = Date.now()
      await waitFor(
        `${ticket.id} resolved by the other agent`,
        () => store.ticket(ticket.id).status === 'resolved',
        90_000,
      )
      const adopted = store
        .events({ types: ['ticket.in_progress'] })
        .find((e) => e.payload.ticket_id === ticket.id && String(e.payload.reason).startsWith('adopted from'))
      expect(adopted?.actor).toMatch(new RegExp(`^agent-${other.pid}-`))
      expect((adopted?.ts ?? 0) - killedAt).toBeGreaterThan(DEFAULT_AGENT_SETTINGS.staleMs - 4000)
      expect(executions(store, ticket.id)).toHaveLength(1)
      expect(store.proposal(executed.id).status).toBe('verified')

      // A person on host b approves host a's plan; then pulls the kill switch, which reaches both hosts.
      expect((await b.cli(['mode', '--run', 'ra', '--approval', 'manual', '--as', 'alice'])).exitCode).toBe(0)
      t0 = Date.now()
      process.kill(await memberPid(a, 'ra', 'm2'), 'SIGKILL')
      const waiting = await waitFor('ra’s plan waits for a person', () =>
        store.proposals({ status: ['awaiting_approval'] }).find((p) => store.proposalRun(p.id) === 'ra'),
      )
      expect((await b.cli(['approve', waiting.id, '--as', 'alice'])).exitCode).toBe(0)
      await repaired(store, 'ra', t0)
      const killed = await b.cliJson<Record<string, number>>(['kill'])
      expect(killed).toMatchObject({ agents_signalled: 2, agents_acknowledged: 2, kill_latched: true })
      for (const c of [other, agentB])
        await waitFor(`${c.name} acknowledged`, () => c.events().some((e) => e.event === 'agent.kill_ack'))
      expect(store.modes()).toMatchObject({ safety: 'observe', kill_latched: true })

      for (const op of [a, b]) {
        const verified = await op.cli(['audit', 'verify'])
        expect(verified.exitCode, verified.stdout + verified.stderr).toBe(0)
      }
      expect(store.verifyChain().ok).toBe(true)
    } finally {
      await Promise.all(children.map((c) => c.stop()))
      await Promise.all([a.cli(['cluster', 'down', '--run', 'ra']), b.cli(['cluster', 'down', '--run', 'rb'])])
    }
    await waitFor('nothing left', () => [a, b].every((op) => processesUnder(op.home).length === 0), 15_000)
    expect(alive(a1.pid) || alive(a2.pid) || alive(agentB.pid)).toBe(false)
  })
})
