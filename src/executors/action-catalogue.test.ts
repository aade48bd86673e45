import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../core/clock.js'
import { catalogue } from './action-catalogue.js'

describe('action catalogue', () => {
  it('knows every action the etcd agent may propose, with kind, risk and tier, without a cluster', () => {
    const byName = new Map(catalogue('etcd').map((a) => [a.name, a]))
    expect(byName.get('restart_member')).toMatchObject({ kind: 'subject', risk: 'medium', tier: 2 })
    expect(byName.get('docker_exec')).toMatchObject({ kind: 'docker', tier: 3 })
    expect(byName.get('run_script')).toMatchObject({ kind: 'script', risk: 'high', tier: 3 })
    expect(byName.get('host_kill_process')).toMatchObject({ kind: 'host', tier: 3 })
    expect(new Set(catalogue('etcd').map((a) => a.name)).size).toBe(catalogue('etcd').length)
  })

  it('cannot run anything: it is for reading', async () => {
    const restart = catalogue('etcd').find((a) => a.name === 'restart_member')
    const result = await restart?.run(
      { member: 'm1' },
      { signal: new AbortController().signal, clock: new SimulatedClock(0), log: () => undefined },
    )
    expect(result).toMatchObject({ status: 'failed', error: expect.stringMatching(/not open/) })
  })
})
