import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../core/clock.js'
import type { ActionContext } from '../../core/subject.js'
import { KILL_WAIT_MS, killProcessAction } from './kill-process.js'
import type { ProcessControl, ProcessInfo } from './process-control.js'

interface FakeProcess {
  info: ProcessInfo
  /** What it does on SIGTERM: exit after that many ms, or ignore it. */
  onTerm: number | 'ignore'
  /** Whether SIGKILL ends it (false: stuck in uninterruptible sleep). */
  killable?: boolean
  /** Leave a zombie behind instead of disappearing. */
  zombie?: boolean
  diesAt?: number
  eperm?: boolean
}

function proc(pid: number, overrides: Partial<ProcessInfo> = {}): ProcessInfo {
  return {
    pid,
    ppid: 1,
    state: 'S',
    startTime: 1000 + pid,
    comm: `p${pid}`,
    exe: `/usr/bin/p${pid}`,
    cmdline: `/usr/bin/p${pid} --serve`,
    ...overrides,
  }
}

function fakeHost(clock: SimulatedClock, processes: FakeProcess[]) {
  const table = new Map(processes.map((p) => [p.info.pid, p]))
  const sent: string[] = []
  const alive = (p: FakeProcess) => p.diesAt === undefined || clock.now() < p.diesAt
  const control: ProcessControl = {
    signal(pid, signal) {
      const p = table.get(pid)
      if (p === undefined || (!alive(p) && !p.zombie)) return 'no_such_process'
      if (p.eperm) return 'not_permitted'
      sent.push(`${signal} ${pid}`)
      if (signal === 'SIGTERM' && p.onTerm !== 'ignore')
        p.diesAt = Math.min(p.diesAt ?? Number.POSITIVE_INFINITY, clock.now() + p.onTerm)
      if (signal === 'SIGKILL' && p.killable !== false)
        p.diesAt = Math.min(p.diesAt ?? Number.POSITIVE_INFINITY, clock.now())
      return 'sent'
    },
    inspect(pid) {
      const p = table.get(pid)
      if (p === undefined) return null
      if (alive(p)) return p.info
      return p.zombie ? { ...p.info, state: 'Z', cmdline: '' } : null
    },
  }
  return { control, sent }
}

const SELF = { pid: 5000, ppid: 4999 }

function setup(processes: FakeProcess[]) {
  const clock = new SimulatedClock(0)
  const host = fakeHost(clock, [
    { info: proc(5000, { ppid: 4999 }), onTerm: 'ignore' },
    { info: proc(4999, { ppid: 4000 }), onTerm: 'ignore' },
    { info: proc(4000, { ppid: 1 }), onTerm: 'ignore' },
    ...processes,
  ])
  const action = killProcessAction({ processes: host.control, self: SELF })
  const ctx: ActionContext = { signal: new AbortController().signal, clock, log: () => undefined }
  const run = (pid: number, grace_ms = 5000) => action.run({ pid, grace_ms }, ctx)
  return { clock, run, sent: host.sent, action }
}

describe('host_kill_process', () => {
  it('is a high-risk tier 3 host action whose grace defaults to 5 s', () => {
    const { action } = setup([])
    expect([action.kind, action.risk, action.tier]).toEqual(['host', 'high', 3])
    expect(action.params.parse({ pid: 1234 })).toEqual({ pid: 1234, grace_ms: 5000 })
    expect(action.params.safeParse({ pid: 1234, signal: 'SIGKILL' }).success).toBe(false)
  })

  it.each([1, 2, 100, 299])('refuses pid %i as a low pid without signalling it', async (pid) => {
    const { run, sent } = setup([{ info: proc(pid), onTerm: 0 }])
    expect(await run(pid)).toMatchObject({ status: 'failed', details: { rule: 'low_pid', refused: true } })
    expect(sent).toEqual([])
  })

  it('refuses its own pid, its parent, its ancestors and operator processes', async () => {
    const { run, sent } = setup([
      { info: proc(6000, { cmdline: '/usr/bin/node /opt/operator/dist/src/cli/main.js agent' }), onTerm: 0 },
    ])
    expect(await run(5000)).toMatchObject({ status: 'failed', details: { rule: 'own_process' } })
    expect(await run(4999)).toMatchObject({ status: 'failed', details: { rule: 'own_parent' } })
    expect(await run(4000)).toMatchObject({ status: 'failed', details: { rule: 'own_ancestor' } })
    expect(await run(6000)).toMatchObject({ status: 'failed', details: { rule: 'operator_process' } })
    expect(sent).toEqual([])
  })

  it('refuses a kernel thread', async () => {
    const { run, sent } = setup([{ info: proc(812, { ppid: 2, comm: 'kworker/0:1', cmdline: '' }), onTerm: 'ignore' }])
    expect(await run(812)).toMatchObject({ status: 'failed', details: { rule: 'kernel_thread' } })
    expect(sent).toEqual([])
  })

  it('reports "no such process" after signal 0 finds nothing', async () => {
    const { run, sent } = setup([])
    const r = await run(7777)
    expect(r).toMatchObject({ status: 'failed', summary: 'no such process: 7777' })
    expect(sent).toEqual([])
  })

  it('stops a process that exits on SIGTERM without escalating', async () => {
    const { run, sent, clock } = setup([{ info: proc(7000), onTerm: 300 }])
    const r = await run(7000)
    expect(r).toMatchObject({
      status: 'ok',
      details: { escalated: false, signals: ['SIGTERM'], final_state: 'exited' },
    })
    expect(sent).toEqual(['0 7000', 'SIGTERM 7000'])
    expect(clock.now()).toBeLessThan(1000)
  })

  it('escalates to SIGKILL after the grace period when SIGTERM is ignored', async () => {
    const { run, sent, clock } = setup([{ info: proc(7000), onTerm: 'ignore' }])
    const r = await run(7000, 2000)
    expect(r).toMatchObject({
      status: 'ok',
      details: { escalated: true, signals: ['SIGTERM', 'SIGKILL'], final_state: 'exited' },
    })
    expect(sent).toEqual(['0 7000', 'SIGTERM 7000', 'SIGKILL 7000'])
    expect(clock.now()).toBeGreaterThanOrEqual(2000)
    expect(clock.now()).toBeLessThan(2000 + 500)
  })

  it('counts a zombie as exited', async () => {
    const { run } = setup([{ info: proc(7000), onTerm: 100, zombie: true }])
    expect(await run(7000)).toMatchObject({ status: 'ok', details: { escalated: false, final_state: 'zombie' } })
  })

  it('fails, saying so, when SIGKILL does not end the process', async () => {
    const { run, clock } = setup([{ info: proc(7000), onTerm: 'ignore', killable: false }])
    const r = await run(7000, 1000)
    expect(r).toMatchObject({ status: 'failed', details: { escalated: true, final_state: 'running' } })
    expect(clock.now()).toBeGreaterThanOrEqual(1000 + KILL_WAIT_MS)
  })

  it('reports a process it may not signal', async () => {
    const { run } = setup([{ info: proc(7000), onTerm: 0, eperm: true }])
    expect(await run(7000)).toMatchObject({ status: 'failed', summary: 'not permitted to signal pid 7000' })
  })

  it('never sends SIGKILL to a pid that now names another process', async () => {
    const clock = new SimulatedClock(0)
    let current = proc(7000)
    const sent: string[] = []
    const control: ProcessControl = {
      signal(pid, signal) {
        sent.push(`${signal} ${pid}`)
        // The original exits on SIGTERM and the kernel hands its pid to a new process at once.
        if (signal === 'SIGTERM') current = proc(7000, { startTime: 99_999, comm: 'newcomer' })
        return 'sent'
      },
      inspect: (pid) => (pid === 7000 ? current : null),
    }
    const action = killProcessAction({ processes: control, self: SELF })
    const r = await action.run(
      { pid: 7000, grace_ms: 1000 },
      { signal: new AbortController().signal, clock, log: () => undefined },
    )
    expect(r).toMatchObject({ status: 'ok', details: { escalated: false, final_state: 'exited' } })
    expect(sent).toEqual(['0 7000', 'SIGTERM 7000'])
  })

  it('says SIGTERM was enough when the process exits between the end of the grace and SIGKILL', async () => {
    const clock = new SimulatedClock(0)
    const sent: string[] = []
    let gone = false
    const control: ProcessControl = {
      signal(pid, signal) {
        // It ignored SIGTERM for the whole grace, then exited just before SIGKILL could reach it.
        if (signal === 'SIGKILL') gone = true
        if (gone) return 'no_such_process'
        sent.push(`${signal} ${pid}`)
        return 'sent'
      },
      inspect: (pid) => (pid === 7000 && !gone ? proc(7000) : null),
    }
    const lines: string[] = []
    const action = killProcessAction({ processes: control, self: SELF })
    const r = await action.run(
      { pid: 7000, grace_ms: 1000 },
      { signal: new AbortController().signal, clock, log: (m) => lines.push(m) },
    )
    expect(r).toMatchObject({
      status: 'ok',
      summary: 'pid 7000 (p7000) exited after SIGTERM, as the grace period ran out',
      details: { escalated: false, signals: ['SIGTERM'], final_state: 'exited' },
    })
    expect(sent).toEqual(['0 7000', 'SIGTERM 7000'])
    expect(lines).not.toContain('SIGKILL sent')
  })

  it('lists SIGCONT among the signals when it wakes a stopped process for its SIGTERM', async () => {
    const { run, sent } = setup([{ info: proc(7000, { state: 'T' }), onTerm: 100 }])
    expect(await run(7000)).toMatchObject({
      status: 'ok',
      details: { escalated: false, signals: ['SIGTERM', 'SIGCONT'], final_state: 'exited' },
    })
    expect(sent).toEqual(['0 7000', 'SIGTERM 7000', 'SIGCONT 7000'])
  })
})
