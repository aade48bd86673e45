import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../src/core/clock.js'
import { attachedRun } from '../../../test/fixtures/attached-run.js'
import { attachedMemberRuntime, restartCommand } from './attached-member-runtime.js'

const RUN = attachedRun({
  adapter: 'none',
  units: { m2: 'etcd@m2' },
  containers: { m3: 'etcd-m3' },
  allow_faults: false,
})

describe('the runtime of an attached cluster', () => {
  it('names the command a person runs: the unit, the container, or the member and where it listens', () => {
    expect(restartCommand(RUN, 'm2')).toBe('systemctl restart etcd@m2')
    expect(restartCommand(RUN, 'm3')).toBe('docker restart etcd-m3')
    expect(restartCommand(RUN, 'm1')).toMatch(/^restart the etcd member m1 \(https:\/\/127\.0\.0\.1:2379\) on its host/)
  })

  it('sees no process, refuses what needs one, and refuses a restart with the command in its message', async () => {
    const rt = attachedMemberRuntime(RUN)
    expect(await rt.view('m1')).toEqual({ process: 'unknown', pid: null })
    await expect(rt.view('m9')).rejects.toThrow(/"m9" is not a member of run prod/)
    for (const op of [rt.kill, rt.pause, rt.resume, rt.partition, rt.heal])
      await expect(op('m1')).rejects.toThrow(/run prod is attached, Operator did not start it/)
    await expect(rt.restart('m2', new SimulatedClock())).rejects.toThrow(
      /a person restarts it: systemctl restart etcd@m2/,
    )
    expect(await rt.logExcerpt('m1', 0)).toEqual([])
  })
})
