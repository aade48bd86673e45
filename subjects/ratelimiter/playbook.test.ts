import { describe, expect, it } from 'vitest'
import type { Violation } from '../../src/core/subject.js'
import {
  app,
  createObservation,
  deadNode,
  primaryNode,
  replicaNode,
  sentinel,
  truth,
} from '../../test/fixtures/ratelimiter-observation.js'
import { createRatelimiterChecker } from './checker.js'
import type { RatelimiterObservation } from './observation.js'
import { ratelimiterPlaybook } from './playbook.js'
import { raisedMaxmemory } from './playbook-redis.js'

const MIB = 1024 * 1024

function violationOf(obs: RatelimiterObservation, key: string): Violation {
  const found = createRatelimiterChecker()
    .evaluate(obs)
    .find((v) => v.key === key)
  if (found === undefined) throw new Error(`no violation ${key}`)
  return found
}

/** The steps of each candidate for the violation `key`, best first, as `action {params}`. */
function plans(obs: RatelimiterObservation, key: string): string[] {
  return ratelimiterPlaybook
    .candidates(violationOf(obs, key), obs)
    .map((c) => c.steps.map((s) => `${s.action} ${JSON.stringify(s.params)}`).join(' → '))
}

describe('ratelimiter playbook', () => {
  it('restarts a Redis replica whose process is gone; it rejoins as a replica of the primary', () => {
    const obs = createObservation({ redis: [primaryNode('r1'), deadNode('r2'), replicaNode('r3')] })
    expect(plans(obs, 'redis_nodes_up:r2')).toEqual(['restart_redis_node {"member":"r2"}'])
    const [best] = ratelimiterPlaybook.candidates(violationOf(obs, 'redis_nodes_up:r2'), obs)
    expect(best?.rationale).toMatch(/r2's process has exited.*rejoins as a replica of r1/)
  })

  it('fails a dead primary over to a replica, then restarts the old primary; failing over alone comes next', () => {
    const obs = createObservation({ redis: [deadNode('r1'), replicaNode('r2'), replicaNode('r3')] })
    expect(plans(obs, 'primary_agreed')).toEqual([
      'sentinel_failover {} → restart_redis_node {"member":"r1"}',
      'sentinel_failover {}',
      'restart_redis_node {"member":"r1"}',
    ])
  })

  it('restarts the primary first when no replica is up to take over', () => {
    const obs = createObservation({ redis: [deadNode('r1'), deadNode('r2'), deadNode('r3')] })
    expect(plans(obs, 'primary_agreed')[0]).toBe('restart_redis_node {"member":"r1"}')
  })

  it('fails over when the Sentinels agree on no primary while replicas are up', () => {
    const obs = createObservation({
      primary: null,
      sentinels: [sentinel('s1', 'r1'), sentinel('s2', 'r2'), sentinel('s3', null, { reachable: false })],
    })
    expect(plans(obs, 'primary_agreed')).toEqual(['sentinel_failover {}'])
  })

  it('re-points a replica whose link is broken, then restarts it if that does not help', () => {
    const obs = createObservation({
      redis: [primaryNode('r1'), replicaNode('r2'), replicaNode('r3', 'r1', { link_up: false, replicates_port: 1 })],
    })
    expect(plans(obs, 'replica_links:r3')).toEqual(['replicaof {"member":"r3"}', 'restart_redis_node {"member":"r3"}'])
  })

  it('re-points an old primary that came back as a second master', () => {
    const obs = createObservation({
      primary: 'r2',
      sentinels: [sentinel('s1', 'r2'), sentinel('s2', 'r2'), sentinel('s3', 'r2')],
      redis: [primaryNode('r1'), primaryNode('r2'), replicaNode('r3', 'r2')],
      apps: [app('a1', { redis: 'r2' }), app('a2', { redis: 'r2' }), app('a3', { redis: 'r2' })],
    })
    expect(plans(obs, 'replica_links:r1')[0]).toBe('replicaof {"member":"r1"}')
  })

  it('raises maxmemory within the ceiling on evictions, and resets no counter', () => {
    const squeezed = primaryNode('r1', { used_memory: 2.4 * MIB, maxmemory: 2.5 * MIB })
    const obs = createObservation({ redis: [squeezed, replicaNode('r2'), replicaNode('r3')] })
    expect(plans(obs, 'no_evictions:r1')).toEqual([`set_maxmemory {"member":"r1","bytes":${32 * MIB}}`])
  })

  it('proposes no maxmemory above the ceiling: a person decides when it is reached', () => {
    const full = primaryNode('r1', { used_memory: 127 * MIB, maxmemory: 128 * MIB })
    expect(raisedMaxmemory(full, 128 * MIB)).toBeNull()
    expect(raisedMaxmemory(primaryNode('r1', { used_memory: 40 * MIB, maxmemory: 42 * MIB }), 128 * MIB)).toBe(84 * MIB)
    const obs = createObservation({ redis: [full, replicaNode('r2'), replicaNode('r3')] })
    expect(plans(obs, 'no_evictions:r1')).toEqual([])
  })

  it('gives TTL-less limiter keys a TTL', () => {
    const obs = createObservation({
      redis: [
        primaryNode('r1', { keys_without_ttl: 7, ttl_less_sample: ['rl:k1'] }),
        replicaNode('r2'),
        replicaNode('r3'),
      ],
    })
    expect(plans(obs, 'keys_have_ttl')).toEqual(['restore_ttl {}'])
  })

  it('restarts an app that is down, and one connected elsewhere than the primary', () => {
    const obs = createObservation({
      apps: [app('a1'), app('a2', { process: 'exited', healthy: false, redis: null }), app('a3', { redis: 'r2' })],
    })
    expect(plans(obs, 'apps_healthy:a2')).toEqual(['restart_app_node {"member":"a2"}'])
    expect(plans(obs, 'apps_on_primary:a3')).toEqual(['restart_app_node {"member":"a3"}'])
  })

  it('restarts a Sentinel that is down', () => {
    const obs = createObservation({
      sentinels: [sentinel('s1'), sentinel('s2', null, { process: 'exited', reachable: false }), sentinel('s3')],
    })
    expect(plans(obs, 'sentinels_up:s2')).toEqual(['restart_redis_node {"member":"s2"}'])
  })

  it("plans a broken limit by its cause's plan when the observation shows one", () => {
    const obs = createObservation({
      limit: truth({ over_limit_windows: 4, worst: { key: 'k7', window_start: 0, admitted: 90 } }),
      apps: [app('a1'), app('a2'), app('a3', { redis: 'r2' })],
    })
    expect(plans(obs, 'limit_holds')).toEqual(['restart_app_node {"member":"a3"}'])
  })

  it('plans nothing for a broken limit with no cause in sight, least of all a reset that admits more', () => {
    const obs = createObservation({
      limit: truth({ over_limit_windows: 2, worst: { key: 'k7', window_start: 0, admitted: 80 } }),
    })
    expect(plans(obs, 'limit_holds')).toEqual([])
  })

  it('plans nothing for slow answers on their own: a person decides', () => {
    const obs = createObservation({ apps: [app('a1', { p99_ms: 400 }), app('a2'), app('a3')] })
    expect(plans(obs, 'limiter_latency:a1')).toEqual([])
  })

  it('ranks every list best first and gives each candidate a rationale', () => {
    const obs = createObservation({ redis: [deadNode('r1'), replicaNode('r2'), deadNode('r3')] })
    for (const v of createRatelimiterChecker().evaluate(obs)) {
      const scores = ratelimiterPlaybook.candidates(v, obs).map((c) => c.score)
      expect(scores).toEqual([...scores].sort((a, b) => b - a))
      for (const c of ratelimiterPlaybook.candidates(v, obs)) expect(c.rationale).not.toBe('')
    }
  })
})
