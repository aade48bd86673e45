/**
 * awaitServing after a restart, on a simulated clock with a fake runtime and
 * fake clients: `running` (the member cannot serve before a quorum is back)
 * succeeds once what it started has stayed alive for the settle window;
 * `serving` (the default) waits for it to answer as the member.
 */
import { describe, expect, it } from 'vitest'
import type { ActionContext } from '../../../src/core/action.js'
import { SimulatedClock } from '../../../src/core/clock.js'
import type { MemberClients } from '../clients.js'
import { RESTART_READY_TIMEOUT_MS } from '../defaults.js'
import type { MemberRestart, MemberRuntime, MemberView } from '../runtime/member-runtime.js'
import { awaitServing, RUNNING_SETTLE_MS } from './await-serving.js'

const T0 = 1_000_000
const STARTED: MemberRestart = {
  was: 'exited',
  pid: 4242,
  instance: '4242@77',
  log_since: 100,
  details: { pid: 4242, log_file: '/h/logs/m2.log' },
}
const ALIVE: MemberView = { process: 'running', pid: 4242, instance: '4242@77' }
const GONE: MemberView = { process: 'exited', pid: null }
const LOG = ['raft: no leader, waiting for quorum', 'panic: the data dir is locked']

/** A runtime whose view of m2 is `viewAt(ms since T0)`; records what it was asked to forget. */
function fakeRuntime(clock: SimulatedClock, viewAt: (elapsed: number) => MemberView) {
  const forgotten: string[] = []
  const excerpts: number[] = []
  const runtime = {
    kind: 'process',
    view: async () => viewAt(clock.now() - T0),
    logExcerpt: async (_name: string, since: number) => {
      excerpts.push(since)
      return since === STARTED.log_since ? LOG : []
    },
    forget: async (name: string, instance: string) => {
      forgotten.push(`${name}:${instance}`)
    },
  } as unknown as MemberRuntime
  return { runtime, forgotten, excerpts }
}

/** Clients on which every call fails as on a closed port; `serving` makes m2 answer as itself instead. */
function fakeClients(serving = false) {
  const calls: string[] = []
  const refused = () => Promise.reject(new Error('14 UNAVAILABLE: No connection established'))
  const client = (name: string) => ({
    maintenance: {
      status: () => {
        calls.push(`status ${name}`)
        return serving && name === 'm2'
          ? Promise.resolve({ header: { member_id: '22', cluster_id: '7' }, raftTerm: '5' })
          : refused()
      },
    },
    cluster: {
      memberList: () => {
        calls.push(`memberList ${name}`)
        return serving && name === 'm2'
          ? Promise.resolve({ header: { cluster_id: '7' }, members: [{ ID: '22', name: 'm2' }] })
          : refused()
      },
    },
  })
  const clients = { names: ['m1', 'm2', 'm3'], get: client } as unknown as MemberClients
  return { clients, calls }
}

function context(clock: SimulatedClock): ActionContext {
  return { signal: new AbortController().signal, clock, log: () => undefined }
}

describe('awaitServing until running', () => {
  it('succeeds as running once a process that never answers has stayed alive for the settle window', async () => {
    const clock = new SimulatedClock(T0)
    const { runtime, forgotten } = fakeRuntime(clock, () => ALIVE)
    const { clients, calls } = fakeClients()
    const outcome = await awaitServing(runtime, clients, 'm2', STARTED, context(clock), 'running')
    expect(outcome).toEqual({ kind: 'running', last_error: '14 UNAVAILABLE: No connection established' })
    const waited = clock.now() - T0
    expect(waited).toBeGreaterThanOrEqual(RUNNING_SETTLE_MS)
    // Well before the serving timeout: one poll interval past the settle window at most.
    expect(waited).toBeLessThanOrEqual(RUNNING_SETTLE_MS + 200)
    expect(waited).toBeLessThan(RESTART_READY_TIMEOUT_MS)
    expect(calls.filter((c) => c === 'status m2').length).toBeGreaterThan(1)
    expect(forgotten).toEqual([])
  })

  it('ends exited with the member’s log lines when the process dies within the settle window', async () => {
    const clock = new SimulatedClock(T0)
    const { runtime, forgotten, excerpts } = fakeRuntime(clock, (elapsed) =>
      elapsed < RUNNING_SETTLE_MS / 2 ? ALIVE : GONE,
    )
    const { clients } = fakeClients()
    const outcome = await awaitServing(runtime, clients, 'm2', STARTED, context(clock), 'running')
    expect(outcome).toEqual({ kind: 'exited', lines: LOG })
    expect(clock.now() - T0).toBeLessThan(RUNNING_SETTLE_MS)
    expect(excerpts).toEqual([STARTED.log_since])
    expect(forgotten).toEqual(['m2:4242@77'])
  })

  it('ends exited when another process took the pid (another start time) within the window', async () => {
    const clock = new SimulatedClock(T0)
    const { runtime } = fakeRuntime(clock, (elapsed) =>
      elapsed < 600 ? ALIVE : { process: 'running', pid: 4242, instance: '4242@99' },
    )
    const { clients } = fakeClients()
    expect(await awaitServing(runtime, clients, 'm2', STARTED, context(clock), 'running')).toEqual({
      kind: 'exited',
      lines: LOG,
    })
  })

  it('still reports serving when the member answers as itself before the window is over', async () => {
    const clock = new SimulatedClock(T0)
    const { runtime } = fakeRuntime(clock, () => ALIVE)
    const { clients } = fakeClients(true)
    expect(await awaitServing(runtime, clients, 'm2', STARTED, context(clock), 'running')).toEqual({
      kind: 'serving',
      member_id: '22',
      term: 5,
    })
    expect(clock.now()).toBe(T0)
  })
})

describe('awaitServing until serving (the default)', () => {
  it('times out with the last error and the log when the process stays alive but never answers', async () => {
    const clock = new SimulatedClock(T0)
    const { runtime, forgotten } = fakeRuntime(clock, () => ALIVE)
    const { clients } = fakeClients()
    const outcome = await awaitServing(runtime, clients, 'm2', STARTED, context(clock))
    expect(outcome).toEqual({
      kind: 'timeout',
      last_error: '14 UNAVAILABLE: No connection established',
      lines: LOG,
    })
    expect(clock.now() - T0).toBeGreaterThanOrEqual(RESTART_READY_TIMEOUT_MS)
    expect(forgotten).toEqual([])
  })

  it('does not stop at the settle window: a process alive past it is not yet a success', async () => {
    const clock = new SimulatedClock(T0)
    const { runtime } = fakeRuntime(clock, (elapsed) => (elapsed < RUNNING_SETTLE_MS * 2 ? ALIVE : GONE))
    const { clients } = fakeClients()
    const outcome = await awaitServing(runtime, clients, 'm2', STARTED, context(clock), 'serving')
    expect(outcome).toEqual({ kind: 'exited', lines: LOG })
    expect(clock.now() - T0).toBeGreaterThanOrEqual(RUNNING_SETTLE_MS * 2)
  })
})
