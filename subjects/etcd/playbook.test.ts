import { describe, expect, it } from 'vitest'
import {
  CLIENT_NETWORK,
  containerOf,
  createDockerObservation,
  inContainer,
  PEER_NETWORK,
  partitionedMember,
} from '../../test/fixtures/etcd-docker-observation.js'
import {
  createObservation,
  downMember,
  leaderlessMembers,
  memberId,
  membersLedBy,
  unresponsiveMember,
  upMember,
} from '../../test/fixtures/etcd-observation.js'
import { createEtcdChecker } from './checker.js'
import type { EtcdObservation } from './observation.js'
import { etcdPlaybook } from './playbook.js'

const checker = createEtcdChecker()

function violationOf(obs: EtcdObservation, key: string) {
  const v = checker.evaluate(obs).find((x) => x.key === key)
  if (v === undefined) throw new Error(`no ${key} in ${JSON.stringify(checker.evaluate(obs).map((x) => x.key))}`)
  return v
}

describe('etcd playbook', () => {
  it('restarts a crashed member and says it crashed', () => {
    const obs = createObservation({ members: [upMember('m1'), downMember('m2'), upMember('m3')] })
    const [c, ...rest] = etcdPlaybook.candidates(violationOf(obs, 'members_healthy:m2'), obs)
    expect(rest).toEqual([])
    expect(c?.steps).toEqual([{ action: 'restart_member', params: { member: 'm2' } }])
    expect(c?.rationale).toMatch(/exited/)
  })

  it('restarts a paused member and says it is stopped', () => {
    const obs = createObservation({ members: [upMember('m1'), upMember('m2'), unresponsiveMember('m3')] })
    const [c] = etcdPlaybook.candidates(violationOf(obs, 'members_healthy:m3'), obs)
    expect(c?.steps).toEqual([{ action: 'restart_member', params: { member: 'm3' } }])
    expect(c?.rationale).toMatch(/SIGSTOP/)
    expect(c?.evidence).toMatchObject({ state: 'unresponsive', process: 'paused' })
  })

  it('offers one restart per member that is not up when there is no leader, exited before paused before running', () => {
    const obs = createObservation({
      members: [downMember('m1', { process: 'running' }), unresponsiveMember('m2'), downMember('m3')],
      leader: null,
    })
    const candidates = etcdPlaybook.candidates(violationOf(obs, 'leader_exists'), obs)
    expect(candidates.map((c) => c.steps[0]?.params.member)).toEqual(['m3', 'm2', 'm1'])
    expect(candidates.map((c) => c.score)).toEqual([...candidates.map((c) => c.score)].sort((a, b) => b - a))
  })

  it('offers nothing for leader_exists when every member is up: the election is the cluster’s to finish', () => {
    const obs = createObservation({ members: leaderlessMembers() })
    expect(etcdPlaybook.candidates(violationOf(obs, 'leader_exists'), obs)).toEqual([])
  })

  it('plans NOSPACE as one candidate: compact, defragment each up member in order, then disarm', () => {
    const obs = createObservation({
      members: [upMember('m1'), downMember('m2'), upMember('m3')],
      alarms: [{ member_id: memberId('m1'), member_name: 'm1', alarm: 'NOSPACE' }],
    })
    const candidates = etcdPlaybook.candidates(violationOf(obs, 'no_alarm:NOSPACE'), obs)
    expect(candidates).toHaveLength(1)
    expect(candidates[0]?.steps).toEqual([
      { action: 'compact_revisions', params: {} },
      { action: 'defragment_member', params: { member: 'm1' } },
      { action: 'defragment_member', params: { member: 'm3' } },
      { action: 'disarm_alarm', params: { alarm: 'NOSPACE' } },
    ])
  })

  it('leaves a CORRUPT alarm to a person', () => {
    const obs = createObservation({ alarms: [{ member_id: memberId('m2'), member_name: 'm2', alarm: 'CORRUPT' }] })
    expect(etcdPlaybook.candidates(violationOf(obs, 'no_alarm:CORRUPT'), obs)).toEqual([])
  })

  it('compacts and defragments the member whose db is too large', () => {
    const obs = createObservation({
      members: [upMember('m1'), upMember('m2', { db_size: 15_000_000 }), upMember('m3')],
    })
    const [c] = etcdPlaybook.candidates(violationOf(obs, 'db_size:m2'), obs)
    expect(c?.steps).toEqual([
      { action: 'compact_revisions', params: {} },
      { action: 'defragment_member', params: { member: 'm2' } },
    ])
  })

  it('transfers the leadership back to the preferred member', () => {
    const obs = createObservation({ members: membersLedBy('m3') })
    const [c] = etcdPlaybook.candidates(violationOf(obs, 'leader_preferred'), obs)
    expect(c?.steps).toEqual([{ action: 'transfer_leader', params: { to: 'm1' } }])
  })

  it('restarts a lagging member with a low score', () => {
    const obs = createObservation({
      members: [
        upMember('m1', { raft_index: 9000, raft_applied_index: 9000 }),
        upMember('m2', { raft_applied_index: 10 }),
        upMember('m3'),
      ],
    })
    const [c] = etcdPlaybook.candidates(violationOf(obs, 'applied_lag:m2'), obs)
    expect(c?.steps).toEqual([{ action: 'restart_member', params: { member: 'm2' } }])
    expect(c?.score).toBeLessThan(50)
  })

  it('leaves leader churn to a person', () => {
    const obs = createObservation()
    const churn = {
      invariant: 'leader_churn',
      key: 'leader_churn',
      severity: 'warning' as const,
      target: null,
      message: '',
      evidence: {},
    }
    expect(etcdPlaybook.candidates(churn, obs)).toEqual([])
  })

  it('ranks a crashed member above a leader off its preferred member', () => {
    const obs = createObservation({
      members: [
        upMember('m1', { leader_id: memberId('m3') }),
        downMember('m2'),
        upMember('m3', { leader_id: memberId('m3') }),
      ],
    })
    const all = checker
      .evaluate(obs)
      .flatMap((v) => etcdPlaybook.candidates(v, obs).map((c) => ({ key: v.key, score: c.score })))
    const sorted = [...all].sort((a, b) => b.score - a.score)
    expect(sorted.map((x) => x.key)).toEqual(['members_healthy:m2', 'leader_preferred'])
  })
})

describe('etcd playbook on the docker runtime', () => {
  it('reconnects a partitioned member to the peer network first, and keeps a restart as the next candidate', () => {
    const obs = createDockerObservation({ members: [upMember('m1'), upMember('m2'), partitionedMember('m3')] })
    const candidates = etcdPlaybook.candidates(violationOf(obs, 'members_healthy:m3'), obs)
    expect(candidates.map((c) => c.steps)).toEqual([
      [{ action: 'docker_network_connect', params: { container: containerOf('m3'), network: PEER_NETWORK } }],
      [{ action: 'restart_member', params: { member: 'm3' } }],
    ])
    expect(candidates[0]?.score).toBeGreaterThan(candidates[1]?.score ?? 0)
    expect(candidates[0]?.rationale).toMatch(/not on the peer network/)
    expect(candidates[0]?.evidence).toMatchObject({
      member: 'm3',
      container: containerOf('m3'),
      networks: [CLIENT_NETWORK],
      peer_network: PEER_NETWORK,
    })
  })

  it('raises members_healthy for the partitioned member with its networks in the evidence', () => {
    const obs = createDockerObservation({ members: [upMember('m1'), upMember('m2'), partitionedMember('m3')] })
    const v = violationOf(obs, 'members_healthy:m3')
    expect(v.message).toMatch(/cut off the peer network/)
    expect(v.evidence).toMatchObject({
      state: 'up',
      process: 'running',
      container: containerOf('m3'),
      networks: [CLIENT_NETWORK],
      partitioned: true,
    })
  })

  it('restarts, not reconnects, a container that exited or is paused, even when it is on the peer network', () => {
    const killed = createDockerObservation({ members: [upMember('m1'), inContainer(downMember('m2')), upMember('m3')] })
    const [k, ...rest] = etcdPlaybook.candidates(violationOf(killed, 'members_healthy:m2'), killed)
    expect(rest).toEqual([])
    expect(k?.steps).toEqual([{ action: 'restart_member', params: { member: 'm2' } }])
    expect(k?.rationale).toMatch(/container .* has exited/)

    const paused = createDockerObservation({
      members: [upMember('m1'), upMember('m2'), inContainer(unresponsiveMember('m3'))],
    })
    const [p] = etcdPlaybook.candidates(violationOf(paused, 'members_healthy:m3'), paused)
    expect(p?.steps).toEqual([{ action: 'restart_member', params: { member: 'm3' } }])
    expect(p?.rationale).toMatch(/docker pause/)
  })

  it('does not call an exited container partitioned, though it has left its networks', () => {
    const obs = createDockerObservation({
      members: [upMember('m1'), inContainer(downMember('m2'), []), upMember('m3')],
    })
    expect(etcdPlaybook.candidates(violationOf(obs, 'members_healthy:m2'), obs).map((c) => c.steps[0]?.action)).toEqual(
      ['restart_member'],
    )
  })

  it('reconnects the partitioned members first when the cluster has lost its leader', () => {
    const obs = createDockerObservation({
      members: [upMember('m1', { leader_id: '0' }), partitionedMember('m2'), partitionedMember('m3')],
      leader: null,
    })
    const candidates = etcdPlaybook.candidates(violationOf(obs, 'leader_exists'), obs)
    expect(candidates.slice(0, 2).map((c) => c.steps[0])).toEqual([
      { action: 'docker_network_connect', params: { container: containerOf('m2'), network: PEER_NETWORK } },
      { action: 'docker_network_connect', params: { container: containerOf('m3'), network: PEER_NETWORK } },
    ])
    expect(candidates.slice(2).map((c) => c.steps[0]?.action)).toEqual(['restart_member', 'restart_member'])
  })

  it('never proposes a Docker action on the process runtime, where no peer network is observed', () => {
    const obs = createObservation({
      members: [upMember('m1'), upMember('m2'), upMember('m3', { healthy: false, health_error: 'x' })],
    })
    expect(etcdPlaybook.candidates(violationOf(obs, 'members_healthy:m3'), obs).map((c) => c.steps[0]?.action)).toEqual(
      ['restart_member'],
    )
  })
})

describe('etcd playbook: a restart that cannot serve before a quorum is back waits only for it to run', () => {
  /** m1 still runs but fails linearizable reads: it follows no leader. */
  const victim = () =>
    upMember('m1', { healthy: false, health_error: 'context deadline exceeded', leader_id: '0', is_leader: false })

  it('waits for serving when this member back makes a quorum with the one still running (m2 and m3 exited)', () => {
    const obs = createObservation({ members: [victim(), downMember('m2'), downMember('m3')], leader: null })
    const [c, ...rest] = etcdPlaybook.candidates(violationOf(obs, 'members_healthy:m2'), obs)
    expect(rest).toEqual([])
    // m1 running + m2 back = 2 of 3 = quorum: the restart can wait for m2 to serve.
    expect(c?.steps).toEqual([{ action: 'restart_member', params: { member: 'm2' } }])
    expect(c?.evidence).not.toHaveProperty('waits_for_quorum')
    expect(c?.rationale).not.toMatch(/wait only for it to run/)
  })

  it('waits only for it to run when even with it back no quorum runs (m1 paused, m2 and m3 exited)', () => {
    const obs = createObservation({
      members: [unresponsiveMember('m1'), downMember('m2'), downMember('m3')],
      leader: null,
    })
    const [c, ...rest] = etcdPlaybook.candidates(violationOf(obs, 'members_healthy:m2'), obs)
    expect(rest).toEqual([])
    expect(c?.steps).toEqual([{ action: 'restart_member', params: { member: 'm2', until: 'running' } }])
    expect(c?.evidence).toMatchObject({ member: 'm2', process: 'exited', waits_for_quorum: true })
    expect(c?.rationale).toMatch(/exited/)
    expect(c?.rationale).toMatch(/cannot serve before more members are back, so wait only for it to run$/)
  })

  it('does the same for the paused member itself and for the other exited one', () => {
    const obs = createObservation({
      members: [unresponsiveMember('m1'), downMember('m2'), downMember('m3')],
      leader: null,
    })
    for (const name of ['m1', 'm3']) {
      const [c] = etcdPlaybook.candidates(violationOf(obs, `members_healthy:${name}`), obs)
      expect(c?.steps).toEqual([{ action: 'restart_member', params: { member: name, until: 'running' } }])
      expect(c?.evidence).toMatchObject({ waits_for_quorum: true })
    }
  })

  it('waits only for it to run in the leader_exists candidates too, when no quorum can run', () => {
    const obs = createObservation({
      members: [unresponsiveMember('m1'), downMember('m2'), downMember('m3')],
      leader: null,
    })
    const candidates = etcdPlaybook.candidates(violationOf(obs, 'leader_exists'), obs)
    expect(candidates.map((c) => c.steps[0]?.params)).toEqual([
      { member: 'm2', until: 'running' },
      { member: 'm3', until: 'running' },
      { member: 'm1', until: 'running' },
    ])
  })

  it('does not count a member cut off the peer network among those that can make a quorum', () => {
    const obs = createDockerObservation({
      members: [partitionedMember('m1'), inContainer(downMember('m2')), inContainer(downMember('m3'))],
      leader: null,
    })
    const candidates = etcdPlaybook.candidates(violationOf(obs, 'members_healthy:m2'), obs)
    expect(candidates.map((c) => c.steps)).toEqual([
      [{ action: 'restart_member', params: { member: 'm2', until: 'running' } }],
    ])
  })

  it('counts a quorum of the cluster’s size: three of five', () => {
    const two = createObservation({
      members: [
        victim(),
        upMember('m2', { healthy: false, health_error: 'x', leader_id: '0' }),
        ...['m3', 'm4', 'm5'].map((n) => downMember(n)),
      ],
      leader: null,
    })
    const [c] = etcdPlaybook.candidates(violationOf(two, 'members_healthy:m3'), two)
    expect(c?.steps).toEqual([{ action: 'restart_member', params: { member: 'm3' } }])

    const one = createObservation({
      members: [victim(), ...['m2', 'm3', 'm4', 'm5'].map((n) => downMember(n))],
      leader: null,
    })
    const [d] = etcdPlaybook.candidates(violationOf(one, 'members_healthy:m3'), one)
    expect(d?.steps).toEqual([{ action: 'restart_member', params: { member: 'm3', until: 'running' } }])
  })

  it('waits for serving when a single member is down in an otherwise healthy three-member cluster', () => {
    for (const down of [downMember('m2'), unresponsiveMember('m2')]) {
      const obs = createObservation({ members: [upMember('m1'), down, upMember('m3')] })
      const [c] = etcdPlaybook.candidates(violationOf(obs, 'members_healthy:m2'), obs)
      expect(c?.steps).toEqual([{ action: 'restart_member', params: { member: 'm2' } }])
      expect(c?.evidence).not.toHaveProperty('waits_for_quorum')
    }
  })
})
