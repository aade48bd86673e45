import { describe, expect, it } from 'vitest'
import { downMember, memberId, unresponsiveMember, upMember } from '../../test/fixtures/etcd-observation.js'
import { agreedLeader } from './leader-agreement.js'

describe('agreedLeader', () => {
  it('is the member the up members follow, with its id as a string', () => {
    expect(agreedLeader([upMember('m1'), upMember('m2'), upMember('m3')])).toEqual({
      name: 'm1',
      member_id: memberId('m1'),
    })
  })

  it('prefers the leader reported at the highest term over a stale one', () => {
    const members = [
      upMember('m1', { leader_id: memberId('m1'), raft_term: 2 }),
      upMember('m2', { leader_id: memberId('m2'), raft_term: 5 }),
      upMember('m3', { leader_id: memberId('m2'), raft_term: 5 }),
    ]
    expect(agreedLeader(members)?.name).toBe('m2')
  })

  it('is null when the reported leader is down: a leader nobody can reach is not serving', () => {
    expect(agreedLeader([downMember('m1'), upMember('m2'), upMember('m3')])).toBeNull()
    expect(agreedLeader([unresponsiveMember('m1'), upMember('m2'), upMember('m3')])).toBeNull()
  })

  it('is null when the members follow no one', () => {
    expect(
      agreedLeader([upMember('m1', { leader_id: '0' }), upMember('m2', { leader_id: '0' }), downMember('m3')]),
    ).toBeNull()
  })

  it('is null when the named leader does not claim leadership itself', () => {
    const members = [
      upMember('m1', { leader_id: memberId('m3') }),
      upMember('m2', { leader_id: memberId('m1') }),
      upMember('m3', { leader_id: memberId('m1') }),
    ]
    expect(agreedLeader(members)).toBeNull()
  })
})
