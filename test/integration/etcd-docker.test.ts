/**
 * The etcd subject on the docker runtime against the real engine (no mocks):
 * three members as containers from the offline etcd image, client ports on
 * 127.0.0.1, peers on their own network. Each test brings up its own run and
 * removes every container and network labelled with that run when it
 * finishes, also when it fails.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, onTestFinished } from 'vitest'
import { systemClock } from '../../src/core/clock.js'
import type { Proposal, Ticket } from '../../src/core/records.js'
import type { ActionContext, ClusterStatus, Subject } from '../../src/core/subject.js'
import { type Engine, requireEngine } from '../../src/executors/docker/engine.js'
import type { EtcdObservation } from '../../subjects/etcd/index.js'
import { etcdSubject, openEtcd } from '../../subjects/etcd/index.js'
import { removeRun, runFilter } from '../../subjects/etcd/runtime/docker/remove-run.js'
import { createOperatorEnv, type OperatorEnv, waitFor } from '../fixtures/operator-env.js'

const ctx: ActionContext = { signal: new AbortController().signal, clock: systemClock, log: () => undefined }
const EXECUTE_AUTO = { OPERATOR_SAFETY_MODE: 'execute', OPERATOR_APPROVAL_MODE: 'auto' }

/** Every run these tests started: none may be left on the engine afterwards. */
const started = new Set<string>()
let found: Promise<Engine> | null = null
const engine = (): Promise<Engine> => {
  found ??= requireEngine()
  return found
}

/** Removes the run's containers and networks from the engine when the test finishes, whatever happened. */
function removeWhenFinished(runId: string): void {
  started.add(runId)
  onTestFinished(async () => {
    await removeRun(await engine(), runId)
  })
}

async function runContainers(runId: string) {
  return (await engine()).docker.listContainers({ all: true, filters: runFilter(runId) })
}

async function runNetworks(runId: string) {
  return (await engine()).docker.listNetworks({ filters: runFilter(runId) })
}

afterAll(async () => {
  for (const runId of started) {
    expect(await runContainers(runId), `containers of ${runId}`).toEqual([])
    expect(await runNetworks(runId), `networks of ${runId}`).toEqual([])
  }
})

interface DockerCluster {
  home: string
  status: ClusterStatus
  subject: Subject<EtcdObservation>
}

/** A docker run in a fresh OPERATOR_HOME, through the subject module; taken down and removed when the test finishes. */
async function startDockerCluster(): Promise<DockerCluster> {
  const home = mkdtempSync(join(tmpdir(), 'operator-etcd-docker-it-'))
  let subject: Subject<EtcdObservation> | null = null
  onTestFinished(async () => {
    await subject?.close()
    const runId = etcdSubject.currentRun(home)
    if (runId !== null) await etcdSubject.down(home, runId)
    rmSync(home, { recursive: true, force: true })
  })
  const status = await etcdSubject.up({ home, runtime: 'docker' }, new AbortController().signal)
  removeWhenFinished(status.run_id)
  subject = await openEtcd(home, undefined, { clock: systemClock, log: () => undefined })
  return { home, status, subject }
}

/** `operator cluster up --runtime docker` in the sandboxed Operator; its run is removed when the test finishes. */
async function cliUpDocker(op: OperatorEnv): Promise<ClusterStatus> {
  const r = await op.cli(['cluster', 'up', '--runtime', 'docker', '--json'])
  if (r.exitCode !== 0) throw new Error(`cluster up --runtime docker failed (${r.exitCode}): ${r.stderr}`)
  const status = JSON.parse(r.stdout) as ClusterStatus
  removeWhenFinished(status.run_id)
  return status
}

async function observeUntil(
  subject: Subject<EtcdObservation>,
  what: string,
  predicate: (obs: EtcdObservation) => boolean,
  timeoutMs = 30_000,
): Promise<EtcdObservation> {
  const until = Date.now() + timeoutMs
  let last: EtcdObservation | null = null
  while (Date.now() < until) {
    last = await subject.observe(new AbortController().signal)
    if (predicate(last)) return last
    await systemClock.sleep(200)
  }
  throw new Error(`timed out waiting for ${what}; last: ${last === null ? 'none' : subject.summarize(last)}`)
}

const allHealthy = (obs: EtcdObservation) =>
  obs.leader !== null && obs.members.every((m) => m.state === 'up' && m.healthy)
const keysOf = (subject: Subject<EtcdObservation>, obs: EtcdObservation) =>
  subject.checker.evaluate(obs).map((v) => v.key)

function named<T extends { name: string }>(list: readonly T[], name: string): T {
  const found = list.find((x) => x.name === name)
  if (found === undefined) throw new Error(`no ${name} in ${list.map((x) => x.name).join(', ')}`)
  return found
}

describe('etcd subject on the docker runtime (real engine)', () => {
  it('brings up three labelled containers with client ports on 127.0.0.1 and the leader on m1, and cluster down from another terminal removes them and their networks', async () => {
    const op = createOperatorEnv()
    const t0 = Date.now()
    const status = await cliUpDocker(op)
    const upMs = Date.now() - t0
    const runId = status.run_id
    expect(status.runtime).toBe('docker')
    expect(status.members.map((m) => [m.name, m.state, m.container])).toEqual(
      ['m1', 'm2', 'm3'].map((n) => [n, 'running', `operator-${runId}-${n}`]),
    )
    expect(status.members.every((m) => typeof m.pid === 'number' && m.pid > 0)).toBe(true)
    expect(status.members.every((m) => /^http:\/\/127\.0\.0\.1:\d+$/.test(m.client_url))).toBe(true)
    expect(status.members.map((m) => m.peer_url)).toEqual(
      ['m1', 'm2', 'm3'].map((n) => `http://operator-${runId}-${n}.operator-${runId}-peer:2380`),
    )
    const record = JSON.parse(readFileSync(join(op.home, 'runs', runId, 'run.json'), 'utf8')) as {
      runtime: string
      docker: { peer_network: string }
    }
    expect(record.runtime).toBe('docker')
    expect(record.docker.peer_network).toBe(`operator-${runId}-peer`)

    const containers = await runContainers(runId)
    expect(containers.map((c) => c.Names[0]).sort()).toEqual(['m1', 'm2', 'm3'].map((n) => `/operator-${runId}-${n}`))
    for (const c of containers) {
      expect(c.State).toBe('running')
      expect(c.Labels).toMatchObject({ 'operator.managed': 'true', 'operator.role': 'subject', 'operator.run': runId })
      const member = named(status.members, c.Labels['operator.member'] ?? '')
      // Published on loopback only, at the port the run records.
      expect(c.Ports.filter((p) => p.PublicPort !== undefined)).toEqual([
        { IP: '127.0.0.1', PrivatePort: 2379, PublicPort: Number(new URL(member.client_url).port), Type: 'tcp' },
      ])
    }
    const networks = await runNetworks(runId)
    expect(networks.map((n) => [n.Name, n.Internal]).sort()).toEqual([
      [`operator-${runId}-client`, false],
      [`operator-${runId}-peer`, true],
    ])

    const subject = await openEtcd(op.home, undefined, { clock: systemClock, log: () => undefined })
    try {
      const obs = await observeUntil(subject, 'a healthy cluster', allHealthy)
      expect(obs.leader?.name).toBe('m1')
      expect(obs.peer_network).toBe(`operator-${runId}-peer`)
      expect(obs.members.every((m) => m.process === 'running' && m.networks?.includes(`operator-${runId}-peer`))).toBe(
        true,
      )
      expect(subject.checker.evaluate(obs)).toEqual([])
      expect(subject.actions.map((a) => a.name)).toContain('docker_network_connect')
    } finally {
      await subject.close()
    }

    // Another terminal: no --runtime needed, the run record says docker.
    const seen = await op.cliJson<ClusterStatus>(['cluster', 'status'])
    expect(seen.runtime).toBe('docker')
    expect((await op.cli(['cluster', 'status', '--runtime', 'process'])).exitCode).toBe(2)
    const t1 = Date.now()
    const down = await op.cliJson<{ run_id: string; stopped: string[] }>(['cluster', 'down'])
    const downMs = Date.now() - t1
    expect(down).toEqual({ run_id: runId, stopped: ['m1', 'm2', 'm3'] })
    expect(await runContainers(runId)).toEqual([])
    expect(await runNetworks(runId)).toEqual([])
    expect((await op.cli(['cluster', 'status'])).exitCode).toBe(6)
    process.stderr.write(`etcd docker runtime: cluster up ${upMs} ms, cluster down ${downMs} ms (CLI, end to end)\n`)
  })

  it('sees a killed container as down, and restart_member brings it back healthy on the same client port', async () => {
    const { home, status, subject } = await startDockerCluster()
    await observeUntil(subject, 'a healthy cluster', allHealthy)

    const injected = await named(subject.faults, 'kill_member').inject({ kind: 'member', name: 'm2' }, ctx)
    expect(injected).toMatchObject({
      fault: 'kill_member',
      targets: ['m2'],
      details: { container: `operator-${status.run_id}-m2`, signal: 'SIGKILL' },
    })
    const killed = await observeUntil(
      subject,
      'm2 down and exited',
      (o) => o.members[1]?.state === 'down' && o.members[1]?.process === 'exited',
    )
    expect(keysOf(subject, killed)).toContain('members_healthy:m2')
    expect((await etcdSubject.status(home)).members[1]).toMatchObject({ name: 'm2', state: 'exited', pid: null })

    const violation =
      subject.checker.evaluate(killed).find((v) => v.key === 'members_healthy:m2') ?? expect.fail('no violation')
    expect(subject.playbook.candidates(violation, killed)[0]?.steps).toEqual([
      { action: 'restart_member', params: { member: 'm2' } },
    ])
    const result = await named(subject.actions, 'restart_member').run({ member: 'm2' }, ctx)
    expect(result).toMatchObject({
      status: 'ok',
      details: { was: 'exited', container: `operator-${status.run_id}-m2` },
    })

    const healed = await observeUntil(subject, 'all healthy again', allHealthy)
    expect(keysOf(subject, healed).filter((k) => k !== 'leader_preferred')).toEqual([])
    const after = await etcdSubject.status(home)
    expect(after.members[1]).toMatchObject({ state: 'running', client_url: status.members[1]?.client_url })
  })

  it('sees a docker-paused container as unresponsive, and restart_member unpauses and restarts it', async () => {
    const { home, subject } = await startDockerCluster()
    await observeUntil(subject, 'a healthy cluster', allHealthy)

    await named(subject.faults, 'pause_member').inject({ kind: 'member', name: 'm3' }, ctx)
    expect((await etcdSubject.status(home)).members[2]?.state).toBe('paused')
    const paused = await observeUntil(subject, 'm3 unresponsive', (o) => o.members[2]?.state === 'unresponsive')
    expect(paused.members[2]).toMatchObject({ process: 'paused' })
    const violation =
      subject.checker.evaluate(paused).find((v) => v.key === 'members_healthy:m3') ?? expect.fail('no violation')
    const [candidate] = subject.playbook.candidates(violation, paused)
    expect(candidate?.steps).toEqual([{ action: 'restart_member', params: { member: 'm3' } }])
    expect(candidate?.rationale).toMatch(/docker pause/)

    const result = await named(subject.actions, 'restart_member').run({ member: 'm3' }, ctx)
    expect(result).toMatchObject({ status: 'ok', details: { was: 'paused' } })
    await observeUntil(subject, 'all healthy again', allHealthy)
    expect((await etcdSubject.status(home)).members[2]?.state).toBe('running')
  })

  it('partitions m3 off the peer network; the monitor opens a ticket and the agent repairs it, verified and resolved', async () => {
    const op = createOperatorEnv()
    const status = await cliUpDocker(op)
    const peer = `operator-${status.run_id}-peer`
    // A policy that lets the system approve reconnecting this subject's members in auto mode (the built-in one asks a person for any docker action).
    const policy = join(op.home, 'policy.yaml')
    writeFileSync(
      policy,
      [
        'rules:',
        '  - id: etcd-reconnect',
        '    match: { action: docker_network_connect, subject: etcd }',
        '    decision: allow',
        '  - id: subject-low-medium',
        '    match: { kind: subject, risk: [low, medium] }',
        '    decision: allow',
        'default: require_approval',
        '',
      ].join('\n'),
    )
    op.spawn('monitor', ['monitor', '--interval', '300'])
    const agent = op.spawn('agent', ['agent', '--settle', '800'], { ...EXECUTE_AUTO, OPERATOR_POLICY: policy })

    const fault = await op.cli(['fault', 'partition_member', '--target', 'm3', '--json'])
    expect(fault.exitCode, fault.stderr).toBe(0)
    expect(JSON.parse(fault.stdout)).toMatchObject({
      fault: 'partition_member',
      targets: ['m3'],
      details: { network: peer },
    })

    const ticket: Ticket = await waitFor(
      'a ticket for m3',
      () =>
        op
          .store()
          .tickets()
          .find((t) => t.key === 'members_healthy:m3'),
      60_000,
    )
    expect(ticket.evidence).toMatchObject({ state: 'up', process: 'running', partitioned: true })
    await waitFor('the ticket resolved', () => op.store().ticket(ticket.id).status === 'resolved', 90_000).catch(
      (err: unknown) => {
        throw new Error(`${String(err)}\nagent: ${agent.lines.slice(-15).join('\n')}`)
      },
    )
    const proposals: Proposal[] = op.store().proposals({ ticketId: ticket.id })
    const last = proposals.at(-1)
    expect(last?.status).toBe('verified')
    expect(['docker_network_connect', 'restart_member']).toContain(last?.action)
    expect(proposals[0]).toMatchObject({
      action: 'docker_network_connect',
      params: { container: `operator-${status.run_id}-m3`, network: peer },
    })

    const m3 = await (await engine()).docker.getContainer(`operator-${status.run_id}-m3`).inspect()
    expect(Object.keys(m3.NetworkSettings.Networks)).toContain(peer)
    expect((await op.cliJson<ClusterStatus>(['cluster', 'status'])).members.map((m) => m.state)).toEqual([
      'running',
      'running',
      'running',
    ])
    const audit = await op.cli(['audit', 'verify'])
    expect(audit.exitCode, audit.stderr).toBe(0)
  })
})
