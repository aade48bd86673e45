import { describe, expect, it } from 'vitest'
import {
  app,
  createObservation,
  deadNode,
  primaryNode,
  replicaNode,
} from '../../test/fixtures/ratelimiter-observation.js'
import { ratelimiterRiskFactors } from './risk-factors.js'

describe('ratelimiter risk factors', () => {
  it('names acting on the primary', () => {
    const obs = createObservation()
    expect(ratelimiterRiskFactors('restart_redis_node', { member: 'r1' }, obs)).toEqual(['acts on the primary r1'])
    expect(ratelimiterRiskFactors('restart_redis_node', { member: 'r2' }, obs)).toEqual([])
  })

  it('names lowering the primary’s maxmemory, not raising it', () => {
    const obs = createObservation()
    const now = obs.redis.find((n) => n.name === 'r1')?.maxmemory ?? 0
    expect(now).toBeGreaterThan(64)
    expect(ratelimiterRiskFactors('set_maxmemory', { member: 'r1', bytes: 64 }, obs)).toEqual([
      "lowers the primary r1's maxmemory: it may evict counters",
    ])
    expect(ratelimiterRiskFactors('set_maxmemory', { member: 'r1', bytes: now * 2 }, obs)).toEqual([])
  })

  it('does not count a primary that is already down: a restart takes nothing more away', () => {
    const obs = createObservation({ redis: [deadNode('r1'), replicaNode('r2'), replicaNode('r3')] })
    expect(ratelimiterRiskFactors('restart_redis_node', { member: 'r1' }, obs)).toEqual([])
  })

  it('names removing capacity while another member of its kind is down', () => {
    const obs = createObservation({ redis: [primaryNode('r1'), deadNode('r2'), replicaNode('r3')] })
    expect(ratelimiterRiskFactors('restart_redis_node', { member: 'r3' }, obs)).toEqual([
      'removes capacity while r2 is down',
    ])
    expect(ratelimiterRiskFactors('restart_redis_node', { member: 'r1' }, obs)).toEqual([
      'acts on the primary r1',
      'removes capacity while r2 is down',
    ])
    const apps = createObservation({
      apps: [app('a1', { process: 'exited', healthy: false }), app('a2', { healthy: false }), app('a3')],
    })
    expect(ratelimiterRiskFactors('restart_app_node', { member: 'a3' }, apps)).toEqual([
      'removes capacity while a1, a2 are down',
    ])
  })

  it('finds nothing for actions that take nothing away', () => {
    const obs = createObservation({ redis: [primaryNode('r1'), deadNode('r2'), replicaNode('r3')] })
    expect(ratelimiterRiskFactors('restore_ttl', {}, obs)).toEqual([])
    expect(ratelimiterRiskFactors('reset_counter', { key: 'k1' }, obs)).toEqual([])
    expect(ratelimiterRiskFactors('set_maxmemory', { member: 'r3', bytes: 64 }, obs)).toEqual([])
  })
})
