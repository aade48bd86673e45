import { describe, expect, it } from 'vitest'
import { createObservation, downMember, upMember } from '../../test/fixtures/etcd-observation.js'
import { etcdRiskFactors } from './risk-factors.js'

describe('etcd risk factors', () => {
  it('raises a restart of the leader and one that removes capacity while another member is down', () => {
    const obs = createObservation({ members: [upMember('m1', { is_leader: true }), upMember('m2'), downMember('m3')] })
    expect(etcdRiskFactors('restart_member', { member: 'm1' }, obs)).toEqual([
      'targets the leader m1',
      'removes capacity while m3 is down',
    ])
    expect(etcdRiskFactors('restart_member', { member: 'm3' }, obs)).toEqual([])
    expect(etcdRiskFactors('transfer_leader', { to: 'm1' }, obs)).toEqual([])
  })
})
