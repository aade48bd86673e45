import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../core/clock.js'
import { forbiddenProcessMatch } from './forbidden-processes.js'
import { killProcessAction } from './kill-process.js'
import { executablePath, type ProcessControl, type ProcessInfo } from './process-control.js'

function proc(pid: number, comm: string, exe: string | null): ProcessInfo {
  return { pid, ppid: 1, state: 'S', startTime: 1000 + pid, comm, exe, cmdline: exe ?? comm }
}

/** Processes a host cannot lose, and one it can; every signal sent is recorded. */
const TABLE = new Map<number, ProcessInfo>([
  [1001, proc(1001, 'dockerd', '/usr/bin/dockerd')],
  // comm is cut to 15 characters: the prefix entry still matches it.
  [1002, proc(1002, 'containerd-shim', '/usr/bin/containerd-shim-runc-v2')],
  [1003, proc(1003, 'sshd', '/usr/sbin/sshd')],
  [1004, proc(1004, 'systemd-journal', '/usr/lib/systemd/systemd-journald')],
  // A renamed thread: comm says nothing, the executable gives it away.
  [1005, proc(1005, 'worker', '/usr/bin/containerd')],
  // The executable could not be read: its first argument stands in for it.
  [1006, proc(1006, 'x', 'sshd')],
  [1007, proc(1007, 'journal-helper', '/usr/lib/systemd/systemd-journald')],
  [2000, proc(2000, 'etcd', '/usr/bin/etcd')],
])

function setup() {
  const sent: string[] = []
  const table = new Map(TABLE)
  const control: ProcessControl = {
    signal(pid, signal) {
      if (!table.has(pid)) return 'no_such_process'
      sent.push(`${signal} ${pid}`)
      if (signal === 'SIGTERM') table.delete(pid)
      return 'sent'
    },
    inspect: (pid) => table.get(pid) ?? null,
  }
  const action = killProcessAction({ processes: control, self: { pid: 5000, ppid: 4999 } })
  const ctx = { signal: new AbortController().signal, clock: new SimulatedClock(0), log: () => undefined }
  return { run: (pid: number) => action.run({ pid, grace_ms: 1000 }, ctx), sent }
}

describe('host_kill_process refuses the processes a host cannot lose', () => {
  it.each([
    [1001, 'dockerd', 'dockerd'],
    [1002, 'containerd-shim', 'containerd-shim*'],
    [1003, 'sshd', 'sshd'],
    [1004, 'systemd-journal', 'systemd-*'],
    [1005, 'containerd', 'containerd'],
    [1006, 'sshd', 'sshd'],
    [1007, 'systemd-journald', 'systemd-journald'],
  ])(
    'refuses pid %i (%s) by the rule forbidden_process, naming what matched, and sends nothing',
    async (pid, name, entry) => {
      const { run, sent } = setup()
      const r = await run(pid)
      expect(r).toMatchObject({
        status: 'failed',
        summary: `refused to kill pid ${pid}: forbidden_process`,
        details: { refused: true, rule: 'forbidden_process', pid, name, matched: entry },
      })
      expect(r.status === 'failed' && r.error).toContain(`"${entry}"`)
      expect(sent).toEqual([])
    },
  )

  it('stops a process that is not forbidden', async () => {
    const { run, sent } = setup()
    expect(await run(2000)).toMatchObject({ status: 'ok', details: { comm: 'etcd', escalated: false } })
    expect(sent).toEqual(['0 2000', 'SIGTERM 2000'])
  })

  it('matches by comm, then by the basename of the executable, with the exact and prefix rules', () => {
    expect(forbiddenProcessMatch({ comm: 'init', exe: null })).toMatchObject({ name: 'init', by: 'comm' })
    expect(forbiddenProcessMatch({ comm: 'systemd', exe: '/lib/systemd/systemd' })).toMatchObject({ by: 'comm' })
    expect(forbiddenProcessMatch({ comm: 'bash', exe: '/usr/sbin/dockerd' })).toMatchObject({
      name: 'dockerd',
      entry: 'dockerd',
      by: 'exe',
    })
    expect(forbiddenProcessMatch({ comm: 'sshd-helper', exe: '/opt/sshd-helper' })).toBeNull()
    expect(forbiddenProcessMatch({ comm: 'node', exe: '/usr/bin/node' })).toBeNull()
    expect(forbiddenProcessMatch({ comm: 'sleep', exe: null })).toBeNull()
  })

  it('takes the executable from /proc/PID/exe, else from the first argument', () => {
    expect(executablePath('/usr/sbin/sshd', ['sshd: alice [priv]'])).toBe('/usr/sbin/sshd')
    expect(executablePath('/usr/bin/containerd (deleted)', [])).toBe('/usr/bin/containerd')
    expect(executablePath(null, ['/usr/bin/dockerd', '-H', 'fd://'])).toBe('/usr/bin/dockerd')
    expect(executablePath(null, [])).toBeNull()
  })
})
