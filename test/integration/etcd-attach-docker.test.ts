/**
 * The docker runtime adapter of an attached cluster, against the real engine:
 * one Operator home starts an etcd cluster as containers (`cluster up
 * --runtime docker`); a second home attaches it as an outsider would, naming
 * the containers of m1 and m2 only. A container killed from outside is seen
 * as exited (definitive evidence), restarted through the adapter by the
 * agent and the ticket resolves; m3, with no container named, escalates with
 * the command for a person. A container that is not on the engine is refused
 * at attach time. The owner home takes the cluster down afterwards.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Proposal } from '../../src/core/records.js'
import type { ClusterStatus } from '../../src/core/subject.js'
import { type Engine, requireEngine } from '../../src/executors/docker/engine.js'
import { removeRun, runFilter } from '../../subjects/etcd/runtime/docker/remove-run.js'
import { CLI, createOperatorEnv, type OperatorChild, type OperatorEnv, waitFor } from '../fixtures/operator-env.js'
import { alive } from '../fixtures/processes.js'

const EXECUTE_AUTO = { OPERATOR_SAFETY_MODE: 'execute', OPERATOR_APPROVAL_MODE: 'auto' }

/** The home that started the cluster: the cluster's owner, not the attached Operator. */
const ownerHome = mkdtempSync(join(tmpdir(), 'operator-attach-docker-owner-'))
const owner = (args: string[]) =>
  execa(process.execPath, [CLI, ...args], {
    env: { ...process.env, OPERATOR_HOME: ownerHome, OPERATOR_DB: join(ownerHome, 'operator.db') },
    reject: false,
    stdin: 'ignore',
    timeout: 120_000,
  })

let engine: Engine
let cluster: ClusterStatus | undefined
const children: OperatorChild[] = []
const t0 = Date.now()

beforeAll(async () => {
  engine = await requireEngine()
  const up = await owner(['cluster', 'up', '--runtime', 'docker', '--json'])
  if (up.exitCode !== 0) throw new Error(`cluster up --runtime docker failed (${up.exitCode}): ${up.stderr}`)
  cluster = JSON.parse(String(up.stdout)) as ClusterStatus
}, 120_000)

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()))
  const runId = cluster?.run_id
  if (runId !== undefined) {
    const down = await owner(['cluster', 'down'])
    await removeRun(engine, runId)
    expect(down.exitCode, String(down.stderr)).toBe(0)
    expect(await engine.docker.listContainers({ all: true, filters: runFilter(runId) })).toEqual([])
    expect(await engine.docker.listNetworks({ filters: runFilter(runId) })).toEqual([])
  }
  for (const c of children) expect(alive(c.pid), `${c.name} (pid ${c.pid})`).toBe(false)
  rmSync(ownerHome, { recursive: true, force: true })
  process.stderr.write(`etcd attach (docker adapter): ${Date.now() - t0} ms in all\n`)
}, 120_000)

function started(): ClusterStatus {
  if (cluster === undefined) throw new Error('the cluster did not start')
  return cluster
}

const containerOf = (member: string) => `operator-${started().run_id}-${member}`
const endpoints = () => started().members.map((m) => m.client_url)

function attachArgs(name: string, containers: Record<string, string>): string[] {
  const pairs = Object.entries(containers).flatMap(([m, c]) => ['--member-container', `${m}=${c}`])
  return [
    'cluster',
    'attach',
    '--name',
    name,
    '--endpoints',
    endpoints().join(','),
    '--runtime-adapter',
    'docker',
    ...pairs,
  ]
}

async function killContainer(member: string): Promise<void> {
  await engine.docker.getContainer(containerOf(member)).kill({ signal: 'SIGKILL' })
}

function ticketOf(op: OperatorEnv, key: string, status?: string) {
  return op
    .store()
    .tickets()
    .find((t) => t.key === key && (status === undefined || t.status === status))
}

describe('attaching an etcd cluster with the docker runtime adapter (real engine)', () => {
  it('refuses a container that is not on the engine or a member the cluster lacks, and with --allow-faults kills and starts a named container', async () => {
    const op = createOperatorEnv()
    const missing = await op.cli(attachArgs('prod', { m1: containerOf('m1'), m2: 'no-such-etcd-container' }))
    expect(missing.exitCode).not.toBe(0)
    expect(missing.stderr.trim().split('\n')).toHaveLength(1)
    expect(missing.stderr).toMatch(/--member-container m2=no-such-etcd-container: no container no-such-etcd-container/)
    const stray = await op.cli(attachArgs('prod', { m7: containerOf('m1') }))
    expect(stray.stderr).toMatch(/--member-container names m7, which is no member of the cluster/)
    expect(existsSync(join(op.home, 'runs', 'prod'))).toBe(false)

    // With --allow-faults the adapter kills the named container, and starts it again.
    await op.cliJson([
      'cluster',
      'attach',
      ...attachArgs('faulty', { m3: containerOf('m3') }).slice(2),
      '--allow-faults',
    ])
    const kill = await op.cli(['fault', 'kill_member', '--target', 'm3', '--json'])
    expect(kill.exitCode, kill.stderr).toBe(0)
    expect(JSON.parse(kill.stdout)).toMatchObject({ targets: ['m3'], details: { container: containerOf('m3') } })
    expect((await engine.docker.getContainer(containerOf('m3')).inspect()).State.Running).toBe(false)
    const start = await op.cli(['fault', 'start_member', '--target', 'm3'])
    expect(start.exitCode, start.stderr).toBe(0)
    await waitFor('m3 answers again', async () => {
      const status = await op.cliJson<ClusterStatus>(['cluster', 'status'])
      return status.members.every((m) => m.answers) && status.members[2]?.state === 'running'
    })
  })

  it('restarts a killed member’s container through the adapter and resolves the ticket; a member with no container escalates with the command', async () => {
    const op = createOperatorEnv()
    const attached = await op.cliJson<ClusterStatus>(
      attachArgs('outside', { m1: containerOf('m1'), m2: containerOf('m2') }),
    )
    expect(attached.members.map((m) => [m.name, m.state, m.container ?? null])).toEqual([
      ['m1', 'running', containerOf('m1')],
      ['m2', 'running', containerOf('m2')],
      ['m3', 'unknown', null],
    ])
    children.push(op.spawn('monitor', ['monitor', '--interval', '300']))
    const agent = op.spawn('agent', ['agent', '--settle', '800'], EXECUTE_AUTO)
    children.push(agent)

    await killContainer('m2')
    const ticket = await waitFor('a ticket for m2', () => ticketOf(op, 'members_healthy:m2'), 60_000)
    // Definitive evidence: the container has exited (raised at once, no grace).
    expect(ticket.evidence).toMatchObject({ state: 'down', process: 'exited', container: containerOf('m2') })
    await waitFor('the ticket resolved', () => op.store().ticket(ticket.id).status === 'resolved', 90_000).catch(
      (err: unknown) => {
        throw new Error(`${String(err)}\nagent: ${agent.lines.slice(-15).join('\n')}`)
      },
    )
    const proposals: Proposal[] = op.store().proposals({ ticketId: ticket.id })
    expect(proposals.map((p) => [p.action, p.params, p.status])).toEqual([
      ['restart_member', { member: 'm2' }, 'verified'],
    ])
    // Through the adapter: the killed container was started again on the engine.
    expect(proposals[0]?.result).toMatchObject({
      details: { was: 'exited', adapter: 'docker', engine_call: 'start', container: containerOf('m2') },
    })
    expect((await engine.docker.getContainer(containerOf('m2')).inspect()).State.Running).toBe(true)

    await killContainer('m3')
    const escalated = await waitFor(
      "m3's ticket escalated",
      () => ticketOf(op, 'members_healthy:m3', 'escalated'),
      60_000,
    )
    const event = op
      .store()
      .events({ types: ['ticket.escalated'] })
      .find((e) => e.payload.ticket_id === escalated.id)
    expect(JSON.stringify(event?.payload)).toMatch(/no --member-container for m3.*docker restart <its container>/)
    // Nothing touched m3's container: it stays as it was killed.
    expect((await engine.docker.getContainer(containerOf('m3')).inspect()).State.Running).toBe(false)
    const status = await op.cliJson<ClusterStatus>(['cluster', 'status'])
    expect(status.members.map((m) => m.state)).toEqual(['running', 'running', 'unknown'])
  })
})
