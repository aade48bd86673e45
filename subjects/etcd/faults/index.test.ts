import { describe, expect, it } from 'vitest'
import { systemClock } from '../../../src/core/clock.js'
import type { OperatorError } from '../../../src/core/errors.js'
import { MemberClients } from '../clients.js'
import type { EtcdHandle } from '../handle.js'
import { processMemberRuntime } from '../runtime/process-member-runtime.js'
import { etcdFaults } from './index.js'

const members = ['m1', 'm2', 'm3'].map((name, i) => ({
  name,
  client_url: `http://127.0.0.1:${1 + i}`,
  peer_url: `http://127.0.0.1:${11 + i}`,
}))
const handle: EtcdHandle = {
  home: '/nonexistent',
  run_id: 'etcd-test',
  run: {
    subject: 'etcd',
    run_id: 'etcd-test',
    runtime: 'process',
    created_at: 0,
    quota_bytes: 1024,
    preferred: 'm1',
    cluster_token: 'etcd-test',
    members,
  },
  clients: new MemberClients(members),
  runtime: processMemberRuntime('/nonexistent', 'etcd-test'),
  log: () => undefined,
}
const ctx = { signal: new AbortController().signal, clock: systemClock, log: () => undefined }
const fault = (name: string) => {
  const found = etcdFaults(handle).find((f) => f.name === name)
  if (found === undefined) throw new Error(`no fault ${name}`)
  return found
}

describe('etcd faults', () => {
  it('are kill, pause, resume, start (targeted), fill_quota, move_leader_away, partition_member (targeted) and heal_partition', () => {
    expect(etcdFaults(handle).map((f) => [f.name, f.targeted])).toEqual([
      ['kill_member', true],
      ['pause_member', true],
      ['resume_member', true],
      ['start_member', true],
      ['fill_quota', false],
      ['move_leader_away', false],
      ['partition_member', true],
      ['heal_partition', false],
    ])
  })

  it('refuse a partition on the process runtime in one line that says how to get a docker run', async () => {
    for (const name of ['partition_member', 'heal_partition']) {
      const err = await fault(name)
        .inject({ kind: 'member', name: 'm3' }, ctx)
        .catch((e: unknown) => e)
      expect(err).toMatchObject({
        category: 'usage',
        message: `${name} needs the docker runtime: run etcd-test runs its members as local processes, with no peer network to cut`,
      })
      expect((err as OperatorError).fix).toMatch(/operator cluster up --runtime docker/)
    }
  })

  it('require a target for member faults', async () => {
    await expect(fault('kill_member').inject({ kind: 'none' }, ctx)).rejects.toMatchObject({
      category: 'usage',
      message: 'fault kill_member needs a target',
    })
  })

  it('refuse a target that is not a member of the run', async () => {
    await expect(fault('pause_member').inject({ kind: 'member', name: 'm9' }, ctx)).rejects.toMatchObject({
      category: 'usage',
    })
  })

  it('refuse to signal a member that has no pid record', async () => {
    await expect(fault('kill_member').inject({ kind: 'member', name: 'm2' }, ctx)).rejects.toMatchObject({
      category: 'conflict',
    })
  })
})
