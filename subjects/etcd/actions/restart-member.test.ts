import { describe, expect, it, onTestFinished } from 'vitest'
import { SimulatedClock } from '../../../src/core/clock.js'
import { MemberClients } from '../clients.js'
import { RESTART_READY_TIMEOUT_MS } from '../defaults.js'
import type { EtcdHandle } from '../handle.js'
import type { MemberRestart, MemberRuntime, MemberView } from '../runtime/member-runtime.js'
import { RESTART_MEMBER, restartMemberAction } from './restart-member.js'

const members = ['m1', 'm2', 'm3'].map((name, i) => ({
  name,
  client_url: `http://127.0.0.1:${1 + i}`,
  peer_url: `http://127.0.0.1:${11 + i}`,
}))

/** A runtime whose restart starts something that is already gone when the action looks. */
function dyingRuntime(started: Partial<MemberRestart>, after: MemberView) {
  const forgotten: string[] = []
  const runtime = {
    kind: 'process',
    restart: async () => ({
      was: 'exited',
      pid: 4242,
      instance: '4242@77',
      log_since: 100,
      details: { pid: 4242, log_file: '/h/logs/m2.log' },
      ...started,
    }),
    view: async () => after,
    logExcerpt: async (_name: string, since: number) =>
      since === 100 ? ['discovery failed: listen tcp 127.0.0.1:2379: bind: address already in use'] : [],
    forget: async (name: string, instance: string) => {
      forgotten.push(`${name}:${instance}`)
    },
  } as unknown as MemberRuntime
  return { runtime, forgotten }
}

function run(runtime: MemberRuntime) {
  const clients = new MemberClients(members)
  onTestFinished(() => clients.close())
  const handle = { run_id: 'r', clients, runtime, log: () => undefined } as unknown as EtcdHandle
  const clock = new SimulatedClock(0)
  return restartMemberAction(handle).run(
    { member: 'm2', until: 'serving' },
    { signal: new AbortController().signal, clock, log: () => undefined },
  )
}

describe('restart_member when what it started dies at once', () => {
  it('fails with the member’s own log line and cause, names no live pid, and has the runtime forget the dead start', async () => {
    const { runtime, forgotten } = dyingRuntime({}, { process: 'exited', pid: null })
    const result = await run(runtime)
    expect(result).toMatchObject({
      status: 'failed',
      summary: expect.stringMatching(
        /^m2 did not stay up after the restart: discovery failed: .*address already in use/,
      ),
      error: expect.stringMatching(/^m2 exited as it started; its log: .*address already in use/),
      details: {
        member: 'm2',
        pid: null,
        exited_pid: 4242,
        cause: 'address_in_use',
        address: '127.0.0.1:2379',
        log_excerpt: ['discovery failed: listen tcp 127.0.0.1:2379: bind: address already in use'],
      },
    })
    expect(forgotten).toEqual(['m2:4242@77'])
  })

  it('does not take another process on the same pid (a different start time) for the one it started', async () => {
    const { runtime } = dyingRuntime({}, { process: 'running', pid: 4242, instance: '4242@99' })
    expect(await run(runtime)).toMatchObject({ status: 'failed', details: { cause: 'address_in_use' } })
  })

  it('fails when the runtime could not see what it started running at all (a container that exited at once)', async () => {
    const { runtime, forgotten } = dyingRuntime({ instance: null, pid: null }, { process: 'exited', pid: null })
    expect(await run(runtime)).toMatchObject({ status: 'failed', details: { exited_pid: null } })
    expect(forgotten).toEqual([])
  })
})

describe('restart_member until running (no quorum can serve before more members are back)', () => {
  /** A runtime whose restart starts a process that stays alive (it never answers: no quorum). */
  function livingRuntime() {
    return {
      kind: 'process',
      restart: async () => ({
        was: 'exited',
        pid: 4242,
        instance: '4242@77',
        log_since: 100,
        details: { pid: 4242, log_file: '/h/logs/m2.log' },
      }),
      view: async () => ({ process: 'running', pid: 4242, instance: '4242@77' }),
      logExcerpt: async () => [],
      forget: async () => undefined,
    } as unknown as MemberRuntime
  }

  function runUntil(runtime: MemberRuntime, until: 'serving' | 'running') {
    const clients = new MemberClients(members)
    onTestFinished(() => clients.close())
    const handle = { run_id: 'r', clients, runtime, log: () => undefined } as unknown as EtcdHandle
    const clock = new SimulatedClock(0)
    const result = restartMemberAction(handle).run(
      { member: 'm2', until },
      { signal: new AbortController().signal, clock, log: () => undefined },
    )
    return { result, clock }
  }

  it('succeeds once the process it started stays alive, saying it waits for a quorum before it serves', async () => {
    const { result, clock } = runUntil(livingRuntime(), 'running')
    expect(await result).toMatchObject({
      status: 'ok',
      summary: expect.stringContaining('waits for a quorum'),
      details: { member: 'm2', was: 'exited', until: 'running', last_error: expect.any(String) },
    })
    expect((await result).summary).toBe(
      'restarted m2 (was exited); pid 4242 runs and waits for a quorum before it serves',
    )
    expect(clock.now()).toBeLessThan(RESTART_READY_TIMEOUT_MS)
  })

  it('still fails when what it started dies at once', async () => {
    const { runtime } = dyingRuntime({}, { process: 'exited', pid: null })
    const { result } = runUntil(runtime, 'running')
    expect(await result).toMatchObject({ status: 'failed', details: { cause: 'address_in_use', exited_pid: 4242 } })
  })

  it('waits for serving unless told otherwise', () => {
    expect(RESTART_MEMBER.params.parse({ member: 'm2' })).toEqual({ member: 'm2', until: 'serving' })
    expect(() => RESTART_MEMBER.params.parse({ member: 'm2', until: 'forever' })).toThrow()
  })
})
