import { describe, expect, it } from 'vitest'
import type { Violation } from '../../src/core/subject.js'
import {
  app,
  createObservation,
  failedOver,
  portOf,
  primaryKilled,
  primaryNode,
  replicaNode,
  sentinel,
  T0,
  truth,
} from '../../test/fixtures/ratelimiter-observation.js'
import { createRatelimiterChecker } from './checker.js'

const keys = (vs: Violation[]) => vs.map((v) => v.key).sort()

describe('the invariants of one observation', () => {
  it('finds nothing wrong with a healthy run', () => {
    expect(createRatelimiterChecker().evaluate(createObservation())).toEqual([])
  })

  it('raises limit_holds when a recent window admitted more than the limit allows', () => {
    const obs = createObservation({
      limit: truth({ over_limit_windows: 3, worst: { key: 'k7', window_start: T0 - 4000, admitted: 98 } }),
    })
    const [v] = createRatelimiterChecker().evaluate(obs)
    expect(v).toMatchObject({ key: 'limit_holds', severity: 'critical', target: null })
    expect(v?.message).toBe('3 of 200 recent windows admitted more than 55 requests per key (worst: k7 admitted 98)')
  })

  it('says nothing of the limit without a workload truth', () => {
    expect(createRatelimiterChecker().evaluate(createObservation({ limit: null }))).toEqual([])
  })

  it('raises one primary_agreed when the Sentinels agree on no primary', () => {
    const obs = createObservation({
      primary: null,
      sentinels: [sentinel('s1', 'r1'), sentinel('s2', 'r2'), sentinel('s3', null, { reachable: false })],
    })
    expect(keys(createRatelimiterChecker().evaluate(obs))).toEqual(['primary_agreed', 'sentinels_up:s3'])
  })

  it('raises the dead primary, its agreement and the replicas cut off from it', () => {
    const vs = createRatelimiterChecker().evaluate(primaryKilled())
    expect(keys(vs)).toEqual(['primary_agreed', 'redis_nodes_up:r1', 'replica_links:r2', 'replica_links:r3'])
    expect(vs.find((v) => v.invariant === 'primary_agreed')).toMatchObject({
      target: 'r1',
      message: 'the agreed primary r1 does not answer (process exited)',
    })
    expect(vs.find((v) => v.key === 'redis_nodes_up:r1')?.message).toBe('r1 is down (process exited)')
  })

  it('after a failover, keeps only the node still down', () => {
    expect(keys(createRatelimiterChecker().evaluate(failedOver()))).toEqual(['redis_nodes_up:r1'])
  })

  it('raises a restarted old primary that is still a master, and a replica following the wrong node', () => {
    const obs = createObservation({
      primary: 'r2',
      redis: [primaryNode('r1'), primaryNode('r2'), replicaNode('r3', 'r1')],
      sentinels: [sentinel('s1', 'r2'), sentinel('s2', 'r2'), sentinel('s3', 'r2')],
      apps: [app('a1', { redis: 'r2' }), app('a2', { redis: 'r2' }), app('a3', { redis: 'r2' })],
    })
    const vs = createRatelimiterChecker().evaluate(obs)
    expect(keys(vs)).toEqual(['replica_links:r1', 'replica_links:r3'])
    expect(vs.find((v) => v.target === 'r3')?.message).toBe(
      `r3 replicates from 127.0.0.1:${portOf('r1')}, not the primary r2`,
    )
  })

  it('raises a replica lagging beyond the bound', () => {
    const obs = createObservation({
      redis: [primaryNode('r1'), replicaNode('r2', 'r1', { lag_bytes: 5_000_000 }), replicaNode('r3')],
    })
    const [v] = createRatelimiterChecker({ maxLagBytes: 1_000_000 }).evaluate(obs)
    expect(v).toMatchObject({ key: 'replica_links:r2', severity: 'warning', evidence: { lag_bytes: 5_000_000 } })
  })

  it('raises an app connected elsewhere than the primary, and a dead app', () => {
    const obs = createObservation({
      apps: [app('a1'), app('a2', { redis: 'r3' }), app('a3', { process: 'exited', healthy: false, redis: null })],
    })
    expect(keys(createRatelimiterChecker().evaluate(obs))).toEqual(['apps_healthy:a3', 'apps_on_primary:a2'])
  })

  it('raises limiter keys without a TTL on the primary only', () => {
    const obs = createObservation({
      redis: [
        primaryNode('r1', { keys_without_ttl: 4, ttl_less_sample: ['rl:k1', 'rl:k2'] }),
        replicaNode('r2', 'r1', { keys_without_ttl: 4 }),
        replicaNode('r3'),
      ],
    })
    const [v] = createRatelimiterChecker().evaluate(obs)
    expect(v).toMatchObject({ key: 'keys_have_ttl', target: null, evidence: { sample: ['rl:k1', 'rl:k2'] } })
  })
})
