import { describe, expect, it } from 'vitest'
import { createObservation, downMember, unresponsiveMember, upMember } from '../../test/fixtures/etcd-observation.js'
import { EtcdObservationSchema, MemberObservationSchema } from './observation.js'

describe('EtcdObservationSchema', () => {
  it('accepts built observations with up, down and unresponsive members', () => {
    const obs = createObservation({ members: [upMember('m1'), downMember('m2'), unresponsiveMember('m3')] })
    expect(EtcdObservationSchema.parse(obs)).toEqual(obs)
  })

  it('refuses a member marked up that lacks the fields of a live member', () => {
    expect(MemberObservationSchema.safeParse({ ...downMember('m2'), state: 'up' }).success).toBe(false)
  })

  it('keeps member ids as strings', () => {
    expect(MemberObservationSchema.safeParse({ ...upMember('m1'), member_id: 42 }).success).toBe(false)
  })
})
