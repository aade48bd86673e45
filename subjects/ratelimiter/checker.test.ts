import { describe, expect, it } from 'vitest'
import type { Violation } from '../../src/core/subject.js'
import {
  app,
  createObservation,
  failedOver,
  primaryKilled,
  primaryNode,
  replicaNode,
  T0,
  truth,
} from '../../test/fixtures/ratelimiter-observation.js'
import { createRatelimiterChecker } from './checker.js'
import { INVARIANT_SEVERITY } from './checker-config.js'
import type { RatelimiterObservation } from './observation.js'

const keys = (vs: Violation[]) => vs.map((v) => v.key).sort()
const at = (offset: number, obs: RatelimiterObservation) => ({ ...obs, at: T0 + offset })
const none = { operatorChanges: [] }

describe('evaluate, against the previous observation', () => {
  it('raises a node whose memory is nearly full even without a previous observation', () => {
    const obs = createObservation({
      redis: [primaryNode('r1', { used_memory: 31_000_000 }), replicaNode('r2'), replicaNode('r3')],
    })
    expect(keys(createRatelimiterChecker().evaluate(obs))).toEqual(['no_evictions:r1'])
  })

  it('raises evictions since the previous observation, the same on a second look at one observation', () => {
    const checker = createRatelimiterChecker()
    const before = at(0, createObservation())
    const after = at(
      1000,
      createObservation({ redis: [primaryNode('r1', { evicted_keys: 12 }), replicaNode('r2'), replicaNode('r3')] }),
    )
    expect(checker.evaluate(before)).toEqual([])
    expect(keys(checker.check(after, none))).toEqual(['no_evictions:r1'])
    expect(checker.evaluate(after)[0]).toMatchObject({ evidence: { evicted_since_last: 12 } })
    expect(checker.evaluate(at(2000, after))).toEqual([])
  })

  it('does not take a restarted node counter going back to 0 for evictions', () => {
    const checker = createRatelimiterChecker()
    checker.evaluate(
      at(
        0,
        createObservation({ redis: [primaryNode('r1', { evicted_keys: 40 }), replicaNode('r2'), replicaNode('r3')] }),
      ),
    )
    expect(checker.evaluate(at(1000, createObservation()))).toEqual([])
  })

  it('warns of an app answering from the insurance limiter since the previous observation', () => {
    const checker = createRatelimiterChecker()
    checker.evaluate(at(0, createObservation()))
    const later = createObservation({
      apps: [app('a1', { served: { redis: 1000, insurance: 40, rejected: 310 } }), app('a2'), app('a3')],
    })
    const [v] = checker.evaluate(at(1000, later))
    expect(v).toMatchObject({ key: 'insurance_path:a1', severity: 'warning', evidence: { insurance: 40, share: 1 } })
  })

  it('warns of a limiter p99 over the bound', () => {
    const obs = createObservation({ apps: [app('a1', { p99_ms: 180 }), app('a2'), app('a3')] })
    expect(createRatelimiterChecker().evaluate(obs)[0]).toMatchObject({
      key: 'limiter_latency:a1',
      message: 'a1 limiter p99 180.0 ms (limit 50 ms)',
    })
  })

  it('names every invariant it raises in INVARIANT_SEVERITY with its severity', () => {
    const vs = createRatelimiterChecker().evaluate(primaryKilled())
    for (const v of vs) expect(v.severity).toBe(INVARIANT_SEVERITY[v.invariant as keyof typeof INVARIANT_SEVERITY])
  })
})

describe('check', () => {
  it('raises nothing for a Sentinel failover that completes within its grace, but the dead node (at once: its process is gone)', () => {
    const checker = createRatelimiterChecker()
    expect(keys(checker.check(at(0, primaryKilled()), none))).toEqual(['redis_nodes_up:r1'])
    expect(keys(checker.check(at(1500, primaryKilled()), none))).toEqual(['redis_nodes_up:r1'])
    expect(keys(checker.check(at(2500, failedOver()), none))).toEqual(['redis_nodes_up:r1'])
  })

  it('keeps the grace for ambiguous evidence: a node that runs but does not answer, a paused one', () => {
    const checker = createRatelimiterChecker()
    const silent = createObservation({
      redis: [primaryNode('r1'), replicaNode('r2'), { ...replicaNode('r3'), reachable: false, error: 'timeout' }],
    })
    expect(checker.check(at(0, silent), none)).toEqual([])
    expect(keys(checker.check(at(1500, silent), none))).toEqual(['redis_nodes_up:r3'])
  })

  it('raises primary_agreed once the primary has been gone longer than the grace, with how long', () => {
    const checker = createRatelimiterChecker()
    checker.check(at(0, primaryKilled()), none)
    const vs = checker.check(at(3500, primaryKilled()), none)
    expect(vs.find((v) => v.key === 'primary_agreed')?.evidence).toMatchObject({
      since: T0,
      for_ms: 3500,
      grace_ms: 3000,
    })
  })

  it('raises over-limit windows once they have been seen past the grace, and forgets them once they are old', () => {
    const checker = createRatelimiterChecker()
    const over = (t: number, end: number) =>
      at(t, createObservation({ limit: truth({ at: T0 + t, over_limit_windows: 1, latest_over_end: T0 + end }) }))
    expect(checker.check(over(0, -2000), none)).toEqual([])
    expect(keys(checker.check(over(3500, 1000), none))).toEqual(['limit_holds'])
    // The latest over-limit window ended more than 5 s ago: the limit holds again, though the horizon still shows it.
    expect(checker.check(over(9000, 1000), none)).toEqual([])
    // A blip: one window, recent for less than the grace, raises nothing.
    const blip = createRatelimiterChecker()
    expect(blip.check(over(0, -2000), none)).toEqual([])
    expect(blip.check(over(3500, -2000), none)).toEqual([])
  })

  it('raises a broken limit while a failover disturbs the count, not once it is over; a later break is raised again', () => {
    const checker = createRatelimiterChecker()
    const moved = [app('a1', { redis: 'r2' }), app('a2'), app('a3')]
    const obs = (t: number, end: number, disturbed: boolean) =>
      at(
        t,
        createObservation({
          limit: truth({ at: T0 + t, over_limit_windows: 2, latest_over_end: T0 + end }),
          ...(disturbed ? { apps: moved } : {}),
        }),
      )
    checker.check(obs(0, -1000, true), none)
    expect(keys(checker.check(obs(3500, 1000, true), none))).toContain('limit_holds')
    // The apps are back on the primary: windows that ended by then (and up to 2 s after) are the failover's.
    expect(keys(checker.check(obs(4500, 4000, false), none))).toEqual([])
    expect(keys(checker.check(obs(5500, 5500, false), none))).toEqual([])
    // A window over the limit well after the failover is a break of its own, raised after the grace.
    expect(keys(checker.check(obs(9000, 8000, false), none))).toEqual([])
    expect(keys(checker.check(obs(12_600, 12_000, false), none))).toEqual(['limit_holds'])
  })

  it('starts the grace again once a violation has cleared', () => {
    const checker = createRatelimiterChecker()
    const moved = createObservation({ apps: [app('a1', { redis: 'r2' }), app('a2'), app('a3')] })
    checker.check(at(0, moved), none)
    checker.check(at(4000, createObservation()), none)
    expect(checker.check(at(6000, moved), none)).toEqual([])
    expect(keys(checker.check(at(11_500, moved), none))).toEqual(['apps_on_primary:a1'])
  })
})
