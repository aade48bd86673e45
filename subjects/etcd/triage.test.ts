import { describe, expect, it } from 'vitest'
import { triaged, triageOf } from '../../src/core/triage.js'
import {
  CLIENT_NETWORK,
  containerOf,
  createDockerObservation,
  inContainer,
  partitionedMember,
} from '../../test/fixtures/etcd-docker-observation.js'
import {
  createObservation,
  downMember,
  memberId,
  unresponsiveMember,
  upMember,
} from '../../test/fixtures/etcd-observation.js'
import { DEFAULT_CHECKER_CONFIG } from './checker-config.js'
import { evaluateAll } from './invariants.js'
import type { EtcdObservation } from './observation.js'
import { etcdPlaybook } from './playbook.js'
import { etcdTriage } from './triage.js'

/** The real violations of one observation, and their triage by the etcd playbook. */
function triageObs(obs: EtcdObservation) {
  const violations = evaluateAll(obs, DEFAULT_CHECKER_CONFIG)
  return { violations, map: etcdTriage(violations, obs) }
}

/** A running member that answers status but fails reads and knows no leader. */
function victim(name: string) {
  return upMember(name, { leader_id: '0', healthy: false, health_error: '4 DEADLINE_EXCEEDED: Deadline exceeded' })
}

describe('etcdTriage', () => {
  it('makes the exited members roots and the running one a blocked consequence when quorum is lost', () => {
    const obs = createObservation({ members: [victim('m1'), downMember('m2'), downMember('m3')] })
    const { violations, map } = triageObs(obs)
    expect(violations.map((v) => v.key)).toEqual([
      'leader_exists',
      'members_healthy:m1',
      'members_healthy:m2',
      'members_healthy:m3',
    ])

    expect(map.get('members_healthy:m2')).toMatchObject({ cause: null, priority: 30 })
    expect(map.get('members_healthy:m2')?.reason).toMatch(/^m2's process is gone: a root/)
    expect(map.get('members_healthy:m3')).toMatchObject({ cause: null, priority: 30 })

    const m1 = map.get('members_healthy:m1')
    expect(m1).toMatchObject({ cause: 'members_healthy:m2', priority: 0, blocked: true })
    expect(m1?.reason).toContain('quorum needs 2 of 3 members and 2 cannot take part')
    expect(m1?.reason).toMatch(/^m1 runs but cannot serve/)
    const leader = map.get('leader_exists')
    expect(leader).toMatchObject({ cause: 'members_healthy:m2', priority: 0, blocked: true })
    expect(leader?.reason).toMatch(/^no leader: quorum needs 2 of 3/)

    // Ordered for the monitor: both roots (m2 first, in member order), then the consequences.
    expect(triaged(etcdPlaybook, violations, obs).map((v) => v.key)).toEqual([
      'members_healthy:m2',
      'members_healthy:m3',
      'leader_exists',
      'members_healthy:m1',
    ])
  })

  it('ranks an exited member before a paused one and links the victims to it', () => {
    const obs = createObservation({ members: [unresponsiveMember('m1'), victim('m2'), downMember('m3')] })
    const { violations, map } = triageObs(obs)

    expect(map.get('members_healthy:m1')).toMatchObject({ cause: null, priority: 20 })
    expect(map.get('members_healthy:m1')?.reason).toMatch(/^m1's process is paused/)
    expect(map.get('members_healthy:m3')).toMatchObject({ cause: null, priority: 30 })
    expect(map.get('members_healthy:m2')).toMatchObject({ cause: 'members_healthy:m3', blocked: true })
    expect(map.get('leader_exists')).toMatchObject({ cause: 'members_healthy:m3', blocked: true })
    // Both roots are named in a consequence's reason.
    expect(map.get('members_healthy:m2')?.reason).toContain("m3's process is gone; m1's process is paused")

    expect(triaged(etcdPlaybook, violations, obs).map((v) => [v.key, v.triage?.priority])).toEqual([
      ['members_healthy:m3', 30],
      ['members_healthy:m1', 20],
      ['leader_exists', 0],
      ['members_healthy:m2', 0],
    ])
  })

  it('makes a missing leader a consequence that is not blocked while a quorum remains (an election)', () => {
    const obs = createObservation({
      members: [upMember('m1', { leader_id: '0' }), downMember('m2'), upMember('m3', { leader_id: '0' })],
    })
    const { violations, map } = triageObs(obs)
    expect(violations.map((v) => v.key)).toEqual(['leader_exists', 'members_healthy:m2'])
    expect(map.get('members_healthy:m2')).toMatchObject({ cause: null, priority: 30 })
    const leader = map.get('leader_exists')
    expect(leader).toMatchObject({ cause: 'members_healthy:m2', priority: 0, blocked: false })
    expect(leader?.reason).toContain('still settling')
    expect(leader?.reason).not.toContain('quorum')
  })

  it('leaves a running member that fails reads a root when no member is gone', () => {
    const obs = createObservation({ members: [upMember('m1'), victim('m2'), upMember('m3')] })
    const { violations, map } = triageObs(obs)
    expect(violations.map((v) => v.key)).toEqual(['members_healthy:m2'])
    expect(map.has('members_healthy:m2')).toBe(false)
    expect(map.size).toBe(0)
    expect(triageOf(etcdPlaybook, violations, obs).get('members_healthy:m2')).toEqual({
      cause: null,
      priority: 0,
      reason: '',
    })
  })

  it('leaves a missing leader a root when every member runs', () => {
    const obs = createObservation({
      members: [
        upMember('m1', { leader_id: '0' }),
        upMember('m2', { leader_id: '0' }),
        upMember('m3', { leader_id: '0' }),
      ],
    })
    const { violations, map } = triageObs(obs)
    expect(violations.map((v) => v.key)).toEqual(['leader_exists'])
    expect(map.size).toBe(0)
  })

  it('makes a running container off the peer network a root of priority 25', () => {
    const obs = createDockerObservation({ members: [upMember('m1'), upMember('m2'), partitionedMember('m3')] })
    const { violations, map } = triageObs(obs)
    expect(violations.map((v) => v.key)).toEqual(['members_healthy:m3'])
    expect(map.get('members_healthy:m3')).toMatchObject({ cause: null, priority: 25 })
    expect(map.get('members_healthy:m3')?.reason).toMatch(/^m3 is cut off the peer network: a root/)
  })

  it('ranks a partitioned container between an exited one and a paused one', () => {
    const obs = createDockerObservation({
      members: [
        inContainer(unresponsiveMember('m1'), [CLIENT_NETWORK]),
        partitionedMember('m2'),
        inContainer(downMember('m3')),
      ],
    })
    const { violations, map } = triageObs(obs)
    // A paused container is off no network that matters: paused, not partitioned.
    expect(map.get('members_healthy:m1')).toMatchObject({ cause: null, priority: 20 })
    expect(map.get('members_healthy:m2')).toMatchObject({ cause: null, priority: 25 })
    expect(map.get('members_healthy:m3')).toMatchObject({ cause: null, priority: 30 })
    expect(map.get('members_healthy:m3')?.reason).toMatch(new RegExp(`^m3's container ${containerOf('m3')} is gone`))
    expect(map.get('leader_exists')).toMatchObject({ cause: 'members_healthy:m3', blocked: true })
    expect(triaged(etcdPlaybook, violations, obs).map((v) => v.key)).toEqual([
      'members_healthy:m3',
      'members_healthy:m2',
      'members_healthy:m1',
      'leader_exists',
    ])
  })

  it('keeps a NOSPACE alarm a root while a member is down', () => {
    const obs = createObservation({
      members: [upMember('m1'), upMember('m2'), downMember('m3')],
      alarms: [{ member_id: memberId('m1'), member_name: 'm1', alarm: 'NOSPACE' }],
    })
    const { violations, map } = triageObs(obs)
    expect(violations.map((v) => v.key)).toEqual(['members_healthy:m3', 'no_alarm:NOSPACE'])
    expect(map.get('members_healthy:m3')).toMatchObject({ cause: null, priority: 30 })
    expect(map.has('no_alarm:NOSPACE')).toBe(false)
    const ordered = triaged(etcdPlaybook, violations, obs)
    expect(ordered.map((v) => [v.key, v.triage?.cause, v.triage?.priority])).toEqual([
      ['members_healthy:m3', null, 30],
      ['no_alarm:NOSPACE', null, 0],
    ])
  })

  it('makes a displaced leader and a lagging member consequences, but not a large backend', () => {
    const big = 15 * 1024 * 1024
    const obs = createObservation({
      members: [
        upMember('m1', { leader_id: memberId('m2'), raft_applied_index: 0, raft_index: 5000, db_size: big }),
        upMember('m2', { leader_id: memberId('m2'), raft_index: 5000, raft_applied_index: 5000 }),
        downMember('m3'),
      ],
    })
    const { violations, map } = triageObs(obs)
    expect(violations.map((v) => v.key).sort()).toEqual([
      'applied_lag:m1',
      'db_size:m1',
      'leader_preferred',
      'members_healthy:m3',
    ])
    expect(map.get('leader_preferred')).toMatchObject({ cause: 'members_healthy:m3', blocked: false })
    expect(map.get('leader_preferred')?.reason).toMatch(/^the leader is away from m1 while m3's process is gone/)
    expect(map.get('applied_lag:m1')).toMatchObject({ cause: 'members_healthy:m3', blocked: false })
    expect(map.get('applied_lag:m1')?.reason).toMatch(/^m1 lags while m3's process is gone/)
    expect(map.has('db_size:m1')).toBe(false)
  })

  it('treats leader churn as a root whatever is down', () => {
    const obs = createObservation({ members: [upMember('m1'), upMember('m2'), downMember('m3')] })
    const churn = {
      invariant: 'leader_churn',
      key: 'leader_churn',
      severity: 'warning' as const,
      target: null,
      message: '4 leader changes in 60 s (limit 3)',
      evidence: {},
    }
    const violations = [...evaluateAll(obs, DEFAULT_CHECKER_CONFIG), churn]
    const map = etcdTriage(violations, obs)
    expect(map.has('leader_churn')).toBe(false)
    expect(map.get('members_healthy:m3')).toMatchObject({ cause: null, priority: 30 })
  })

  it('is the etcd playbook triage', () => {
    expect(etcdPlaybook.triage).toBe(etcdTriage)
  })

  it('links consequences to the first root in member order, whatever order the violations come in', () => {
    const obs = createObservation({
      members: [upMember('m1', { leader_id: '0', healthy: false }), downMember('m2'), downMember('m3')],
    })
    const violations = evaluateAll(obs, DEFAULT_CHECKER_CONFIG).reverse()
    expect(etcdTriage(violations, obs).get('leader_exists')?.cause).toBe('members_healthy:m2')
  })
})
