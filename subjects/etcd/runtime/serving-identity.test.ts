import { describe, expect, it } from 'vitest'
import { checkServingIdentity, type KnownCluster } from './serving-identity.js'

const known: KnownCluster = {
  names: new Map([
    ['11', 'm1'],
    ['22', 'm2'],
    ['33', 'm3'],
  ]),
  cluster_id: 'c1',
  source: 'm1',
}

describe('checkServingIdentity', () => {
  it('accepts the member itself: its id in the member list under its name, in this cluster', () => {
    expect(checkServingIdentity('m2', { member_id: '22', cluster_id: 'c1' }, known)).toEqual({ ok: true })
  })

  it('refuses an endpoint that answers as another member', () => {
    const verdict = checkServingIdentity('m2', { member_id: '33', cluster_id: 'c1' }, known)
    expect(verdict).toEqual({
      ok: false,
      reason: 'the endpoint of m2 answers as m3 (member id 33), not m2 (member list of m1)',
    })
  })

  it('refuses a member id the cluster does not know, and a member of another cluster', () => {
    expect(checkServingIdentity('m2', { member_id: '99', cluster_id: 'c1' }, known)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/member id 99, which is not in the cluster/),
    })
    expect(checkServingIdentity('m2', { member_id: '22', cluster_id: 'other' }, known)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/answers for cluster other, not this run's cluster c1/),
    })
  })

  it('refuses an unstarted member (no name yet) and an answer with no member list to check it against', () => {
    const unstarted = { ...known, names: new Map([['22', '']]) }
    expect(checkServingIdentity('m2', { member_id: '22', cluster_id: 'c1' }, unstarted)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/answers as an unstarted member/),
    })
    const none: KnownCluster = { names: new Map(), cluster_id: null, source: null }
    expect(checkServingIdentity('m2', { member_id: '22', cluster_id: 'c1' }, none)).toEqual({
      ok: false,
      reason: 'no member list to check who answers as m2 against',
    })
  })
})
