/**
 * The systemd adapter through the attached runtime, with a fake systemctl
 * runner (this machine has no systemd): the commands it runs, what it sees,
 * and the members it refuses to touch.
 */
import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../../src/core/clock.js'
import { attachedRun } from '../../../../test/fixtures/attached-run.js'
import { attachedMemberRuntime } from '../attached-member-runtime.js'
import type { CommandOutcome, SystemctlRunner } from './systemctl-runner.js'
import { systemdAdapter } from './systemd-adapter.js'

const RUN = attachedRun({
  adapter: 'systemd',
  units: { m1: 'etcd@m1', m2: 'etcd@m2' },
  containers: {},
  allow_faults: true,
})

/** A systemctl that keeps unit states and answers show/restart as systemd would. */
function fakeSystemctl(states: Record<string, { active: string; pid: number }>, fail?: CommandOutcome) {
  const calls: string[][] = []
  let nextPid = 5000
  const run: SystemctlRunner = async (args) => {
    calls.push([...args])
    const unit = args.at(-1) ?? ''
    const s = states[unit] ?? { active: 'inactive', pid: 0 }
    if (args[0] === 'restart') {
      if (fail !== undefined) return fail
      states[unit] = { active: 'active', pid: nextPid++ }
      return { ok: true, stdout: '' }
    }
    const load = unit in states ? 'loaded' : 'not-found'
    const stdout = `LoadState=${load}\nActiveState=${s.active}\nSubState=x\nMainPID=${s.pid}\nExecMainStartTimestampMonotonic=${s.pid}0\n`
    return { ok: true, stdout }
  }
  return { run, calls }
}

describe('the systemd adapter of an attached run', () => {
  it('sees a unit’s main process, restarts a failed unit with systemctl restart, and sees the new process', async () => {
    const sys = fakeSystemctl({
      'etcd@m1.service': { active: 'active', pid: 900 },
      'etcd@m2.service': { active: 'failed', pid: 0 },
    })
    const rt = attachedMemberRuntime(RUN, systemdAdapter(RUN.attach.units, sys.run))
    expect(await rt.view('m1')).toEqual({ process: 'running', pid: 900, instance: '900@9000' })
    expect(await rt.view('m2')).toEqual({ process: 'exited', pid: null })

    const clock = new SimulatedClock(1_700_000_000_000)
    const done = await rt.restart('m2', clock)
    expect(done).toMatchObject({
      was: 'exited',
      pid: 5000,
      instance: '5000@50000',
      log_since: 1_700_000_000,
      details: { unit: 'etcd@m2.service', adapter: 'systemd' },
    })
    expect(sys.calls.filter((c) => c[0] === 'restart')).toEqual([
      ['restart', '--no-ask-password', '--', 'etcd@m2.service'],
    ])
    expect(await rt.view('m2')).toMatchObject({ process: 'running', pid: 5000 })
  })

  it('never runs systemctl for a member with no unit: its restart escalates with the command', async () => {
    const sys = fakeSystemctl({})
    const rt = attachedMemberRuntime(RUN, systemdAdapter(RUN.attach.units, sys.run))
    expect(await rt.view('m3')).toEqual({ process: 'unknown', pid: null })
    await expect(rt.restart('m3', new SimulatedClock())).rejects.toThrow(
      /m3 of attached run prod runs outside Operator \(runtime adapter systemd, no --member-unit for m3\); a person restarts it: restart the etcd member m3 \(https:\/\/127\.0\.0\.1:2381\) on its host, e\.g\. systemctl restart <its unit>/,
    )
    await expect(rt.view('m9')).rejects.toThrow(/"m9" is not a member of run prod/)
    expect(sys.calls).toEqual([])
  })

  it('reports a failed systemctl restart in one line with where to look, and injects no faults', async () => {
    const failure: CommandOutcome = {
      ok: false,
      reason: 'exit_code',
      exit_code: 1,
      detail: 'Job for etcd@m1.service failed.',
    }
    const sys = fakeSystemctl({ 'etcd@m1.service': { active: 'active', pid: 900 } }, failure)
    const rt = attachedMemberRuntime(RUN, systemdAdapter(RUN.attach.units, sys.run))
    await expect(rt.restart('m1', new SimulatedClock())).rejects.toThrow(
      /^systemctl restart etcd@m1\.service exited with code 1: Job for etcd@m1\.service failed\.$/,
    )
    await expect(rt.kill('m1')).rejects.toThrow(/kill is not done through the systemd adapter of attached run prod/)
    expect(await rt.logExcerpt('m1', 0)).toEqual([])
  })

  it('does not start a restart once the caller has aborted', async () => {
    const sys = fakeSystemctl({ 'etcd@m1.service': { active: 'active', pid: 900 } })
    const rt = attachedMemberRuntime(RUN, systemdAdapter(RUN.attach.units, sys.run))
    await expect(rt.restart('m1', new SimulatedClock(), AbortSignal.abort())).rejects.toThrow()
    expect(sys.calls).toEqual([])
  })
})
