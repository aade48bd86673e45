import { describe, expect, it } from 'vitest'
import { systemClock } from '../../../src/core/clock.js'
import { MemberClients } from '../clients.js'
import type { EtcdHandle } from '../handle.js'
import { etcdFaults } from './index.js'

const members = ['m1', 'm2', 'm3'].map((name, i) => ({ name, client_url: `http://127.0.0.1:${1 + i}`, peer_url: `http://127.0.0.1:${11 + i}` }))
const handle: EtcdHandle = {
  home: '/nonexistent',
  run_id: 'etcd-test',
  run: { subject: 'etcd', run_id: 'etcd-test', runtime: 'process', created_at: 0, quota_bytes: 1024, preferred: 'm1', cluster_token: 'etcd-test', members },
  clients: new MemberClients(members),
  log: () => undefined,
}
const ctx = { signal: new AbortController().signal, clock: systemClock, log: () => undefined }
const fault = (name: string) => {
  const found = etcdFaults(handle).find((f) => f.name === name)
  if (found === undefined) throw new Error(`no fault ${name}`)
  return found
}

describe('etcd faults', () => {
  it('are kill, pause, resume (targeted), fill_quota and move_leader_away', () => {
    expect(etcdFaults(handle).map((f) => [f.name, f.targeted])).toEqual([
      ['kill_member', true],
      ['pause_member', true],
      ['resume_member', true],
      ['fill_quota', false],
      ['move_leader_away', false],
    ])
  })

  it('require a target for member faults', async () => {
    await expect(fault('kill_member').inject({ kind: 'none' }, ctx)).rejects.toMatchObject({ category: 'usage', message: 'fault kill_member needs a target' })
  })

  it('refuse a target that is not a member of the run', async () => {
    await expect(fault('pause_member').inject({ kind: 'member', name: 'm9' }, ctx)).rejects.toMatchObject({ category: 'usage' })
  })

  it('refuse to signal a member that has no pid record', async () => {
    await expect(fault('kill_member').inject({ kind: 'member', name: 'm2' }, ctx)).rejects.toMatchObject({ category: 'conflict' })
  })
})
