/**
 * The etcd subject against real etcd members (no mocks): each test brings up
 * its own three-member cluster in a temporary OPERATOR_HOME and always takes
 * it down again, even when the test fails.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { afterAll, describe, expect, it, onTestFinished } from 'vitest'
import { systemClock } from '../../src/core/clock.js'
import { isOperatorError } from '../../src/core/errors.js'
import type { ActionContext, ClusterStatus, Subject } from '../../src/core/subject.js'
import type { EtcdObservation } from '../../subjects/etcd/index.js'
import { etcdSubject, openEtcd } from '../../subjects/etcd/index.js'

const HOME_PREFIX = 'operator-etcd-it-'

const ctx: ActionContext = { signal: new AbortController().signal, clock: systemClock, log: () => undefined }

interface Cluster {
  home: string
  status: ClusterStatus
  subject: Subject<EtcdObservation>
}

/** Brings a cluster up in a fresh OPERATOR_HOME; it is taken down and removed when the test finishes. */
async function startCluster(): Promise<Cluster> {
  const home = mkdtempSync(join(tmpdir(), HOME_PREFIX))
  let subject: Subject<EtcdObservation> | null = null
  onTestFinished(async () => {
    await subject?.close()
    const runId = etcdSubject.currentRun(home)
    if (runId !== null) await etcdSubject.down(home, runId)
    rmSync(home, { recursive: true, force: true })
  })
  const status = await etcdSubject.up({ home }, new AbortController().signal)
  subject = await openEtcd(home, undefined, { clock: systemClock, log: () => undefined })
  return { home, status, subject }
}

/** Observes until the predicate holds (bounded); returns that observation. */
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

function action(subject: Subject<EtcdObservation>, name: string) {
  const found = subject.actions.find((a) => a.name === name)
  if (found === undefined) throw new Error(`no action ${name}`)
  return found
}

function fault(subject: Subject<EtcdObservation>, name: string) {
  const found = subject.faults.find((f) => f.name === name)
  if (found === undefined) throw new Error(`no fault ${name}`)
  return found
}

afterAll(async () => {
  // No etcd started by these tests may outlive them.
  const left = await execa('pgrep', ['-f', HOME_PREFIX], { reject: false })
  expect(left.stdout.trim()).toBe('')
})

describe('etcd subject on real members', () => {
  it('brings up three running members with the leader on m1, all healthy, and takes them down again', async () => {
    const { home, status, subject } = await startCluster()
    expect(status.members.map((m) => [m.name, m.state])).toEqual([
      ['m1', 'running'],
      ['m2', 'running'],
      ['m3', 'running'],
    ])
    expect(
      status.members.every(
        (m) => m.client_url.startsWith('http://127.0.0.1:') && m.peer_url.startsWith('http://127.0.0.1:'),
      ),
    ).toBe(true)
    expect(etcdSubject.currentRun(home)).toBe(status.run_id)
    expect(await etcdSubject.status(home)).toEqual(status)

    const obs = await observeUntil(subject, 'a healthy cluster', allHealthy)
    expect(obs.leader?.name).toBe('m1')
    expect(obs.members.map((m) => m.name)).toEqual(['m1', 'm2', 'm3'])
    expect(subject.checker.evaluate(obs)).toEqual([])
    expect(subject.summarize(obs)).toMatch(/^leader=m1 term=\d+ \| m1 up .* \| alarms: none$/)

    const down = await etcdSubject.down(home)
    expect(down).toEqual({ run_id: status.run_id, stopped: ['m1', 'm2', 'm3'] })
    expect((await etcdSubject.status(home, status.run_id)).members.map((m) => m.state)).toEqual([
      'exited',
      'exited',
      'exited',
    ])
    expect(etcdSubject.currentRun(home)).toBeNull()
    await expect(etcdSubject.down(home)).rejects.toMatchObject({ category: 'not_found' })
  })

  it('refuses to start a second cluster while the current one is up', async () => {
    const { home, status } = await startCluster()
    const err = await etcdSubject.up({ home }, new AbortController().signal).catch((e: unknown) => e)
    expect(isOperatorError(err) && err.category).toBe('conflict')
    expect(etcdSubject.currentRun(home)).toBe(status.run_id)
  })

  it('reports a member that cannot start with its log line, and leaves nothing running', async () => {
    const home = mkdtempSync(join(tmpdir(), HOME_PREFIX))
    const saved = process.env.OPERATOR_ETCD_BINARY
    process.env.OPERATOR_ETCD_BINARY = fileURLToPath(new URL('../fixtures/failing-etcd.sh', import.meta.url))
    onTestFinished(() => {
      if (saved === undefined) delete process.env.OPERATOR_ETCD_BINARY
      else process.env.OPERATOR_ETCD_BINARY = saved
      rmSync(home, { recursive: true, force: true })
    })
    const err = await etcdSubject.up({ home }, new AbortController().signal).catch((e: unknown) => e)
    expect(isOperatorError(err) && err.category).toBe('subject')
    expect(isOperatorError(err) && err.message).toMatch(/exited during startup.*address already in use/)
    expect(isOperatorError(err) && err.fix).toMatch(/m\d\.log/)
    expect(etcdSubject.currentRun(home)).toBeNull()
  })

  it('says how to install etcd when the binary is missing', async () => {
    const home = mkdtempSync(join(tmpdir(), HOME_PREFIX))
    const saved = process.env.OPERATOR_ETCD_BINARY
    process.env.OPERATOR_ETCD_BINARY = '/nonexistent/etcd'
    onTestFinished(() => {
      if (saved === undefined) delete process.env.OPERATOR_ETCD_BINARY
      else process.env.OPERATOR_ETCD_BINARY = saved
      rmSync(home, { recursive: true, force: true })
    })
    const err = await etcdSubject.up({ home }, new AbortController().signal).catch((e: unknown) => e)
    expect(isOperatorError(err) && err.category).toBe('subject')
    expect(isOperatorError(err) && err.fix).toMatch(/etcd-server/)
    expect(etcdSubject.currentRun(home)).toBeNull()
  })

  it('refuses a preferred leader that is not a member before starting anything', async () => {
    const home = mkdtempSync(join(tmpdir(), HOME_PREFIX))
    onTestFinished(() => rmSync(home, { recursive: true, force: true }))
    const err = await etcdSubject.up({ home, preferred: 'm7' }, new AbortController().signal).catch((e: unknown) => e)
    expect(isOperatorError(err) && err.category).toBe('usage')
    expect(etcdSubject.currentRun(home)).toBeNull()
  })

  it('sees a killed member as down and restarts it until it is healthy again', async () => {
    const { home, subject } = await startCluster()
    await observeUntil(subject, 'a healthy cluster', allHealthy)

    const injected = await fault(subject, 'kill_member').inject({ kind: 'member', name: 'm2' }, ctx)
    expect(injected.targets).toEqual(['m2'])
    // The kernel closes the sockets a moment before the process is reaped: wait for both.
    const killed = await observeUntil(
      subject,
      'm2 down and exited',
      (o) => o.members[1]?.state === 'down' && o.members[1]?.process === 'exited',
    )
    expect(killed.members[1]).toMatchObject({ name: 'm2', state: 'down', process: 'exited' })
    expect(keysOf(subject, killed)).toContain('members_healthy:m2')
    expect((await etcdSubject.status(home)).members[1]?.state).toBe('exited')

    const [candidate] = subject.playbook.candidates(
      subject.checker.evaluate(killed).find((v) => v.key === 'members_healthy:m2') ?? expect.fail('no violation'),
      killed,
    )
    expect(candidate?.steps).toEqual([{ action: 'restart_member', params: { member: 'm2' } }])
    const result = await action(subject, 'restart_member').run({ member: 'm2' }, ctx)
    expect(result).toMatchObject({ status: 'ok', details: { was: 'exited' } })

    const healed = await observeUntil(subject, 'all healthy again', allHealthy)
    expect(keysOf(subject, healed)).toEqual([])
    expect((await etcdSubject.status(home)).members[1]?.state).toBe('running')
  })

  it('finishes a restart it has begun even when aborted midway: the member is started again', async () => {
    const { home, subject } = await startCluster()
    await observeUntil(subject, 'a healthy cluster', allHealthy)
    const before = (await etcdSubject.status(home)).members[2]?.pid

    const controller = new AbortController()
    const running = action(subject, 'restart_member').run({ member: 'm3' }, { ...ctx, signal: controller.signal })
    setTimeout(() => controller.abort(new Error('kill switch')), 20)
    await running.catch(() => undefined)

    const after = (await etcdSubject.status(home)).members[2]
    expect(after?.state).toBe('running')
    expect(after?.pid).not.toBe(before)
    await observeUntil(subject, 'all healthy again', allHealthy)
  })

  it('sees a paused member as unresponsive, raises it after the grace, and a restart repairs it', async () => {
    const { subject } = await startCluster()
    await observeUntil(subject, 'a healthy cluster', allHealthy)

    await fault(subject, 'pause_member').inject({ kind: 'follower' }, ctx)
    // Under load another member may miss one deadline too: wait for the paused one to be seen as unresponsive.
    const paused = await observeUntil(subject, 'the paused member unresponsive', (o) =>
      o.members.some((m) => m.state === 'unresponsive' && m.process === 'paused'),
    )
    const frozen = paused.members.find((m) => m.state === 'unresponsive' && m.process === 'paused')
    expect(frozen).toMatchObject({ state: 'unresponsive', process: 'paused' })
    const name = frozen?.name ?? expect.fail('no paused member')
    expect(keysOf(subject, paused)).toContain(`members_healthy:${name}`)

    // Through the stateful check: nothing at first, raised once the member grace has passed.
    expect(subject.checker.check(paused, { operatorChanges: [] }).map((v) => v.key)).not.toContain(
      `members_healthy:${name}`,
    )
    await systemClock.sleep(1200)
    const later = await subject.observe(new AbortController().signal)
    expect(subject.checker.check(later, { operatorChanges: [] }).map((v) => v.key)).toContain(`members_healthy:${name}`)

    const result = await action(subject, 'restart_member').run({ member: name }, ctx)
    expect(result).toMatchObject({ status: 'ok', details: { was: 'paused' } })
    const healed = await observeUntil(subject, 'all healthy again', allHealthy)
    expect(healed.members.every((m) => m.process === 'running')).toBe(true)
  })

  it('fills the quota until NOSPACE, and the playbook plan (compact, defragment each, disarm) clears it', async () => {
    const { subject } = await startCluster()
    await observeUntil(subject, 'a healthy cluster', allHealthy)

    const filled = await fault(subject, 'fill_quota').inject({ kind: 'none' }, ctx)
    expect(filled.details).toMatchObject({ reached: expect.stringMatching(/put_rejected|alarm/) })
    const alarmed = await observeUntil(subject, 'a NOSPACE alarm', (o) => o.alarms.some((a) => a.alarm === 'NOSPACE'))
    const violation =
      subject.checker.evaluate(alarmed).find((v) => v.key === 'no_alarm:NOSPACE') ?? expect.fail('no NOSPACE violation')
    const [plan, ...others] = subject.playbook.candidates(violation, alarmed)
    expect(others).toEqual([])
    expect(plan?.steps.map((s) => s.action)).toEqual([
      'compact_revisions',
      'defragment_member',
      'defragment_member',
      'defragment_member',
      'disarm_alarm',
    ])

    for (const step of plan?.steps ?? []) {
      const result = await action(subject, step.action).run(step.params, ctx)
      expect(result, `${step.action} ${JSON.stringify(step.params)}`).toMatchObject({ status: 'ok' })
    }
    const clear = await observeUntil(subject, 'no alarm', (o) => o.alarms.length === 0 && allHealthy(o))
    const limit = 0.8 * clear.quota_bytes
    for (const m of clear.members)
      expect(m.state === 'up' && m.db_size < limit, `${m.name} db size under ${limit}`).toBe(true)
    expect(keysOf(subject, clear)).toEqual([])
  })

  it('moves the leader away from the preferred member and transfers it back', async () => {
    const { subject } = await startCluster()
    await observeUntil(subject, 'a healthy cluster', (o) => allHealthy(o) && o.leader?.name === 'm1')

    const moved = await fault(subject, 'move_leader_away').inject({ kind: 'none' }, ctx)
    expect(moved.targets[0]).toBe('m1')
    const away = await observeUntil(subject, 'leader off m1', (o) => o.leader !== null && o.leader.name !== 'm1')
    expect(keysOf(subject, away)).toEqual(['leader_preferred'])
    const violation = subject.checker.evaluate(away)[0] ?? expect.fail('no violation')
    const [candidate] = subject.playbook.candidates(violation, away)
    expect(candidate?.steps).toEqual([{ action: 'transfer_leader', params: { to: 'm1' } }])

    const result = await action(subject, 'transfer_leader').run({ to: 'm1' }, ctx)
    expect(result).toMatchObject({ status: 'ok', details: { to: 'm1' } })
    const back = await observeUntil(subject, 'leader back on m1', (o) => o.leader?.name === 'm1')
    expect(keysOf(subject, back)).toEqual([])
  })

  it('refuses to transfer the leadership to a member that is not up', async () => {
    const { subject } = await startCluster()
    await observeUntil(subject, 'a healthy cluster', allHealthy)
    await fault(subject, 'kill_member').inject({ kind: 'member', name: 'm3' }, ctx)
    await observeUntil(subject, 'm3 down', (o) => o.members[2]?.state === 'down')
    const result = await action(subject, 'transfer_leader').run({ to: 'm3' }, ctx)
    expect(result).toMatchObject({ status: 'failed', error: expect.stringContaining('m3 is not up') })
  })
})
