/**
 * Host actions for real: service control through a fixture program standing
 * in for systemctl (no systemd runs here or on CI), and host_kill_process
 * against real child processes (only ever ones this file started).
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa, type ResultPromise } from 'execa'
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import { systemClock } from '../../src/core/clock.js'
import type { ActionContext } from '../../src/core/subject.js'
import { hostActionList, hostActions } from '../../src/executors/host/index.js'
import { tempDir } from '../fixtures/temp-store.js'

const FAKE_SYSTEMCTL = fileURLToPath(new URL('../fixtures/fake-systemctl.mjs', import.meta.url))
const ctx: ActionContext = { signal: new AbortController().signal, clock: systemClock, log: () => undefined }

afterEach(() => {
  vi.unstubAllEnvs()
})

/** A fake systemd: state and call log in a temp dir, handed to the fixture through its environment. */
function fakeSystemd(state: {
  units: Record<string, 'active' | 'inactive'>
  stuck?: string[]
  failing?: Record<string, number>
}) {
  const dir = tempDir('operator-systemctl-')
  const statePath = join(dir, 'state.json')
  const logPath = join(dir, 'calls.log')
  writeFileSync(statePath, JSON.stringify(state))
  writeFileSync(logPath, '')
  vi.stubEnv('FAKE_SYSTEMCTL_STATE', statePath)
  vi.stubEnv('FAKE_SYSTEMCTL_LOG', logPath)
  return {
    calls: (): string[][] =>
      readFileSync(logPath, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as string[]),
    units: (): Record<string, string> =>
      (JSON.parse(readFileSync(statePath, 'utf8')) as { units: Record<string, string> }).units,
  }
}

describe('host service actions through systemctl', () => {
  it('starts, restarts and stops an allowlisted service, verifying its state each time', async () => {
    const systemd = fakeSystemd({ units: { web: 'inactive' } })
    const actions = hostActions({
      env: { OPERATOR_SERVICE_ALLOWLIST: 'web, worker', OPERATOR_SYSTEMCTL: FAKE_SYSTEMCTL },
    })

    expect(await actions.host_service_start.run({ service: 'web' }, ctx)).toMatchObject({
      status: 'ok',
      details: { unit: 'web.service', was_active: false, state: 'active' },
    })
    expect(systemd.units().web).toBe('active')
    expect(await actions.host_service_restart.run({ service: 'web.service' }, ctx)).toMatchObject({
      status: 'ok',
      details: { was_active: true, state: 'active' },
    })
    expect(await actions.host_service_stop.run({ service: 'web' }, ctx)).toMatchObject({
      status: 'ok',
      details: { state: 'inactive' },
    })
    expect(systemd.units().web).toBe('inactive')

    const commands = systemd.calls().filter((argv) => argv[0] !== 'is-active')
    expect(commands).toEqual([
      ['start', '--no-ask-password', '--', 'web.service'],
      ['restart', '--no-ask-password', '--', 'web.service'],
      ['stop', '--no-ask-password', '--', 'web.service'],
    ])
    // The state was checked after each command.
    expect(systemd.calls().filter((argv) => argv[0] === 'is-active').length).toBeGreaterThanOrEqual(6)
  })

  it('reports failure when systemctl claims success but the service stays inactive', async () => {
    const systemd = fakeSystemd({ units: { liar: 'inactive' }, stuck: ['liar'] })
    const actions = hostActions({ allowlist: ['liar'], systemctlPath: FAKE_SYSTEMCTL, verifyTimeoutMs: 750 })
    const r = await actions.host_service_start.run({ service: 'liar' }, ctx)
    expect(r).toMatchObject({
      status: 'failed',
      summary: 'liar.service is inactive after start',
      details: { state: 'inactive' },
    })
    expect(systemd.calls()).toContainEqual(['start', '--no-ask-password', '--', 'liar.service'])
  })

  it('reports systemctl’s exit code when the command fails, and an unknown unit', async () => {
    fakeSystemd({ units: { broken: 'inactive' }, failing: { broken: 1 } })
    const actions = hostActions({ allowlist: ['broken', 'ghost'], systemctlPath: FAKE_SYSTEMCTL })
    expect(await actions.host_service_start.run({ service: 'broken' }, ctx)).toMatchObject({
      status: 'failed',
      details: { reason: 'exit_code', exit_code: 1 },
    })
    const ghost = await actions.host_service_restart.run({ service: 'ghost' }, ctx)
    expect(ghost).toMatchObject({ status: 'failed', details: { reason: 'exit_code', exit_code: 5 } })
    expect(ghost.status === 'failed' && ghost.error).toMatch(/not found/)
  })

  it('refuses forbidden services even when allowlisted, and traversal names, without running systemctl', async () => {
    const systemd = fakeSystemd({ units: { ssh: 'active', 'systemd-journald': 'active', dbus: 'active' } })
    const actions = hostActions({ allowlist: ['ssh', 'systemd-journald', 'dbus'], systemctlPath: FAKE_SYSTEMCTL })
    for (const service of ['ssh', 'ssh.service', 'systemd-journald', 'dbus']) {
      const r = await actions.host_service_stop.run({ service }, ctx)
      expect(r, service).toMatchObject({ status: 'failed', details: { refused: true, rule: 'forbidden' } })
    }
    for (const service of ['../x', 'a/b', '../../usr/bin/reboot']) {
      const r = await actions.host_service_restart.run({ service }, ctx)
      expect(r, service).toMatchObject({ status: 'failed', details: { refused: true, rule: 'name_traversal' } })
    }
    expect(await actions.host_service_start.run({ service: 'nginx' }, ctx)).toMatchObject({
      status: 'failed',
      details: { rule: 'not_allowlisted' },
    })
    expect(systemd.calls()).toEqual([])
    expect(systemd.units()).toEqual({ ssh: 'active', 'systemd-journald': 'active', dbus: 'active' })
  })

  it('fails, saying why, when the systemctl binary cannot be run', async () => {
    const actions = hostActions({ allowlist: ['web'], systemctlPath: '/nonexistent/systemctl' })
    const r = await actions.host_service_start.run({ service: 'web' }, ctx)
    expect(r).toMatchObject({ status: 'failed', details: { reason: 'spawn_failed', was_active: null } })
  })

  it('allows nothing when no allowlist is configured', async () => {
    const systemd = fakeSystemd({ units: { web: 'inactive' } })
    const actions = hostActions({ env: { OPERATOR_SYSTEMCTL: FAKE_SYSTEMCTL } })
    expect(await actions.host_service_start.run({ service: 'web' }, ctx)).toMatchObject({
      status: 'failed',
      details: { rule: 'not_allowlisted' },
    })
    expect(systemd.calls()).toEqual([])
  })

  it('offers all four host actions as a list for the catalogue', () => {
    expect(hostActionList({ env: {} }).map((a) => [a.name, a.kind, a.risk, a.tier])).toEqual([
      ['host_service_start', 'host', 'medium', 2],
      ['host_service_stop', 'host', 'high', 2],
      ['host_service_restart', 'host', 'high', 2],
      ['host_kill_process', 'host', 'high', 3],
    ])
  })
})

/** Spawns a node child that prints "ready" once set up; killed when the test finishes if still running. */
const CHILD_OPTIONS = { reject: false, stdin: 'ignore' } as const

async function spawnChild(
  script: string,
  extraArgs: string[] = [],
): Promise<{ pid: number; proc: ResultPromise<typeof CHILD_OPTIONS> }> {
  const proc = execa(process.execPath, ['-e', `${script}; console.log('ready')`, ...extraArgs], CHILD_OPTIONS)
  onTestFinished(async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL')
    await proc
  })
  await new Promise<void>((resolve, reject) => {
    proc.stdout?.once('data', () => resolve())
    proc.once('exit', () => reject(new Error('child exited before it was ready')))
  })
  if (proc.pid === undefined) throw new Error('child has no pid')
  return { pid: proc.pid, proc }
}

describe('host_kill_process on real processes', () => {
  const kill = () => hostActions({ env: {} }).host_kill_process

  it('refuses low pids and the test runner’s own processes', async () => {
    for (const pid of [1, 2, 299]) {
      expect(await kill().run({ pid, grace_ms: 100 }, ctx), String(pid)).toMatchObject({
        status: 'failed',
        details: { rule: 'low_pid' },
      })
    }
    expect(await kill().run({ pid: process.pid, grace_ms: 100 }, ctx)).toMatchObject({
      status: 'failed',
      details: { rule: 'own_process' },
    })
    expect(await kill().run({ pid: process.ppid, grace_ms: 100 }, ctx)).toMatchObject({
      status: 'failed',
      details: { rule: 'own_parent' },
    })
  })

  it('refuses a process whose command line is an operator process', async () => {
    const child = await spawnChild('setInterval(() => {}, 1000)', ['/opt/operator/dist/src/cli/main.js', 'agent'])
    expect(await kill().run({ pid: child.pid, grace_ms: 100 }, ctx)).toMatchObject({
      status: 'failed',
      details: { rule: 'operator_process' },
    })
    expect(child.proc.exitCode).toBeNull()
  })

  it('says "no such process" for a pid that is gone', async () => {
    const child = await spawnChild('setTimeout(() => process.exit(0), 50)')
    await child.proc
    expect(await kill().run({ pid: child.pid, grace_ms: 100 }, ctx)).toMatchObject({
      status: 'failed',
      summary: `no such process: ${child.pid}`,
    })
  })

  it('escalates to SIGKILL on a process that ignores SIGTERM, and reports it', async () => {
    const child = await spawnChild("process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)")
    const started = Date.now()
    const r = await kill().run({ pid: child.pid, grace_ms: 1000 }, ctx)
    const elapsed = Date.now() - started
    expect(r).toMatchObject({
      status: 'ok',
      summary: `pid ${child.pid} (node) ignored SIGTERM for 1000 ms and was killed with SIGKILL`,
      details: { pid: child.pid, escalated: true, signals: ['SIGTERM', 'SIGKILL'] },
    })
    expect(r.details?.final_state).toMatch(/^(exited|zombie)$/)
    expect(elapsed).toBeGreaterThanOrEqual(1000)
    expect(elapsed).toBeLessThan(5000)
    const exit = await child.proc
    expect(exit.signal).toBe('SIGKILL')
  })

  it('does not escalate on a process that exits on SIGTERM', async () => {
    const child = await spawnChild('setInterval(() => {}, 1000)')
    const started = Date.now()
    const r = await kill().run({ pid: child.pid, grace_ms: 5000 }, ctx)
    expect(r).toMatchObject({ status: 'ok', details: { pid: child.pid, escalated: false, signals: ['SIGTERM'] } })
    expect(Date.now() - started).toBeLessThan(3000)
    const exit = await child.proc
    expect(exit.signal).toBe('SIGTERM')
  })

  it('says a real sleep exited after SIGTERM alone', async () => {
    const child = spawnProgram('sleep', ['300'])
    await commIs(child.pid, 'sleep')
    const r = await kill().run({ pid: child.pid, grace_ms: 5000 }, ctx)
    expect(r).toMatchObject({
      status: 'ok',
      summary: expect.stringMatching(new RegExp(`^pid ${child.pid} \\(sleep\\) exited after SIGTERM`)),
      details: { pid: child.pid, comm: 'sleep', escalated: false, signals: ['SIGTERM'] },
    })
    expect(r.details?.final_state).toMatch(/^(exited|zombie)$/)
    expect((await child.proc).signal).toBe('SIGTERM')
  })

  it.each(['sshd', 'containerd-shim-runc-v2', 'dockerd'])(
    'refuses a process named %s (forbidden_process) and leaves it running',
    async (name) => {
      const program = join(tempDir('operator-forbidden-'), name)
      copyFileSync('/bin/sleep', program)
      const child = spawnProgram(program, ['300'])
      await commIs(child.pid, name.slice(0, 15))
      const r = await kill().run({ pid: child.pid, grace_ms: 100 }, ctx)
      expect(r).toMatchObject({
        status: 'failed',
        summary: `refused to kill pid ${child.pid}: forbidden_process`,
        details: { refused: true, rule: 'forbidden_process', pid: child.pid },
      })
      expect(r.status === 'failed' && r.error).toContain(name.startsWith('containerd-shim') ? 'containerd-shim' : name)
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(child.proc.exitCode).toBeNull()
      expect(readFileSync(`/proc/${child.pid}/stat`, 'utf8')).toMatch(/\) S /)
    },
  )
})

/** A program started by this test (never anything else), killed when the test finishes if still running. */
function spawnProgram(file: string, args: string[]): { pid: number; proc: ResultPromise<typeof CHILD_OPTIONS> } {
  const proc = execa(file, args, CHILD_OPTIONS)
  onTestFinished(async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL')
    await proc
  })
  if (proc.pid === undefined) throw new Error(`${file} has no pid`)
  return { pid: proc.pid, proc }
}

/** Waits until the child has exec'd the program (its comm says so). */
async function commIs(pid: number, comm: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`pid ${pid} never became ${comm}`)
}
