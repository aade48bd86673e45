import { describe, expect, it } from 'vitest'
import { pickMember, resolveTargets } from './targets.js'

const MEMBERS = ['m1', 'm2', 'm3']
const ctx = (o: Partial<Parameters<typeof resolveTargets>[1]> = {}) => ({
  members: MEMBERS,
  seed: 1,
  faulted: [],
  ...o,
})

describe('scenario targets', () => {
  it('picks the same member for the same seed, every time', () => {
    for (let seed = 0; seed < 50; seed++) expect(pickMember(MEMBERS, seed)).toBe(pickMember([...MEMBERS], seed))
    expect(resolveTargets('random', ctx({ seed: 7 }))).toEqual(resolveTargets('random', ctx({ seed: 7 })))
  })

  it('pins the members known seeds pick, so a scenario file means the same member on every machine', () => {
    expect([0, 1, 2, 7].map((seed) => pickMember(MEMBERS, seed))).toEqual(['m1', 'm2', 'm3', 'm1'])
  })

  it('reaches every member across seeds', () => {
    const hit = new Set(Array.from({ length: 30 }, (_, seed) => pickMember(MEMBERS, seed)))
    expect([...hit].sort()).toEqual(MEMBERS)
  })

  it('leaves leader and follower to the fault, which resolves them live', () => {
    expect(resolveTargets('leader', ctx())).toEqual([{ kind: 'leader' }])
    expect(resolveTargets('follower', ctx())).toEqual([{ kind: 'follower' }])
    expect(resolveTargets(undefined, ctx())).toEqual([{ kind: 'none' }])
  })

  it('keeps a member name and refuses one the run does not have', () => {
    expect(resolveTargets('m3', ctx())).toEqual([{ kind: 'member', name: 'm3' }])
    expect(() => resolveTargets('m9', ctx())).toThrow(/"m9" is not a member of this run/)
  })

  it('turns faulted into every member the method hit, once each, and into nothing when it hit none', () => {
    expect(resolveTargets('faulted', ctx({ faulted: ['m2', 'm1', 'm2'] }))).toEqual([
      { kind: 'member', name: 'm2' },
      { kind: 'member', name: 'm1' },
    ])
    expect(resolveTargets('faulted', ctx())).toEqual([])
  })

  it('refuses to pick from no members', () => {
    expect(() => pickMember([], 1)).toThrow(/no members/)
  })
})
