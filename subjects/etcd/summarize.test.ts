import { describe, expect, it } from 'vitest'
import { createDockerObservation, partitionedMember } from '../../test/fixtures/etcd-docker-observation.js'
import {
  createObservation,
  downMember,
  leaderlessMembers,
  memberId,
  unresponsiveMember,
  upMember,
} from '../../test/fixtures/etcd-observation.js'
import { summarizeObservation } from './summarize.js'

describe('summarizeObservation', () => {
  it('renders the leader, term, each member and the alarms on one line', () => {
    const obs = createObservation({
      members: [
        upMember('m1', { raft_term: 3, db_size: 2_100_000 }),
        downMember('m2', { process: 'running' }),
        upMember('m3', { raft_term: 3, db_size: 2_000_000 }),
      ],
    })
    expect(summarizeObservation(obs)).toBe('leader=m1 term=3 | m1 up 2.1MB | m2 down | m3 up 2.0MB | alarms: none')
  })

  it('shows a paused member, a missing leader and alarms grouped by type', () => {
    const [m1, m2] = leaderlessMembers()
    const obs = createObservation({
      members: [m1 ?? upMember('m1'), m2 ?? upMember('m2'), unresponsiveMember('m3')],
      alarms: [
        { member_id: memberId('m1'), member_name: 'm1', alarm: 'NOSPACE' },
        { member_id: memberId('m2'), member_name: 'm2', alarm: 'NOSPACE' },
      ],
    })
    expect(summarizeObservation(obs)).toBe(
      'leader=none | m1 up 1.0MB | m2 up 1.0MB | m3 unresponsive (paused) | alarms: NOSPACE(m1,m2)',
    )
  })

  it('marks a member that answers but fails reads as unhealthy', () => {
    const obs = createObservation({
      members: [upMember('m1'), upMember('m2', { healthy: false, health_error: 'x' }), upMember('m3')],
    })
    expect(summarizeObservation(obs)).toContain('m2 up unhealthy 1.0MB')
  })

  it('marks a member cut off the peer network (docker runtime) as partitioned', () => {
    const obs = createDockerObservation({ members: [upMember('m1'), upMember('m2'), partitionedMember('m3')] })
    expect(summarizeObservation(obs)).toContain('m3 up unhealthy partitioned 1.0MB')
    expect(summarizeObservation(obs)).toContain('m1 up 1.0MB')
  })
})
