import { describe, expect, it } from 'vitest'
import { MemberClients } from '../clients.js'
import type { EtcdHandle } from '../handle.js'
import { processMemberRuntime } from '../runtime/process-member-runtime.js'
import { etcdActions } from './index.js'

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
const actions = etcdActions(handle)
const action = (name: string) => {
  const found = actions.find((a) => a.name === name)
  if (found === undefined) throw new Error(`no action ${name}`)
  return found
}

describe('etcd actions', () => {
  it('are subject actions with their risk and tier', () => {
    expect(actions.map((a) => [a.name, a.kind, a.risk, a.tier])).toEqual([
      ['transfer_leader', 'subject', 'low', 1],
      ['restart_member', 'subject', 'medium', 2],
      ['defragment_member', 'subject', 'low', 1],
      ['compact_revisions', 'subject', 'medium', 1],
      ['disarm_alarm', 'subject', 'low', 1],
    ])
  })

  it('accept only member names of the run', () => {
    expect(action('transfer_leader').params.safeParse({ to: 'm2' }).success).toBe(true)
    expect(action('transfer_leader').params.safeParse({ to: 'm4' }).success).toBe(false)
    expect(action('restart_member').params.safeParse({ member: 'm3' }).success).toBe(true)
    expect(action('defragment_member').params.safeParse({}).success).toBe(false)
  })

  it('compact to the current revision when none is given, and refuse nonsense revisions', () => {
    const params = action('compact_revisions').params
    expect(params.safeParse({}).success).toBe(true)
    expect(params.safeParse({ revision: 42 }).success).toBe(true)
    expect(params.safeParse({ revision: -1 }).success).toBe(false)
    expect(params.safeParse({ revision: 1.5 }).success).toBe(false)
  })

  it('disarm only known alarm types and refuse unknown parameters', () => {
    const params = action('disarm_alarm').params
    expect(params.safeParse({ alarm: 'NOSPACE' }).success).toBe(true)
    expect(params.safeParse({ alarm: 'NONE' }).success).toBe(false)
    expect(params.safeParse({ alarm: 'NOSPACE', member: 'm1' }).success).toBe(false)
  })
})
