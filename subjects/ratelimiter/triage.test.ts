import { describe, expect, it } from 'vitest'
import { triaged } from '../../src/core/triage.js'
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

/** Each violation as `key ← cause` (consequence) or `key (priority)` (root), in the order tickets open. */
function triage(obs: RatelimiterObservation): string[] {
  const violations = createRatelimiterChecker().evaluate(obs)
  return triaged(ratelimiterPlaybook, violations, obs).map((v) =>
    v.triage?.cause ? `${v.key} ← ${v.triage.cause}` : `${v.key} (${v.triage?.priority ?? 0})`,
  )
}

describe('ratelimiter triage', () => {
  it('fails over first when the primary is gone: its node down, the limit and the apps follow from it', () => {
    const obs = createObservation({
      redis: [deadNode('r1'), replicaNode('r2'), replicaNode('r3')],
      limit: truth({ over_limit_windows: 3 }),
      apps: [app('a1', { served: { redis: 10, insurance: 900, rejected: 0 } }), app('a2'), app('a3')],
    })
    expect(triage(obs)).toEqual([
      'primary_agreed (35)',
      'limit_holds ← primary_agreed',
      'redis_nodes_up:r1 ← primary_agreed',
    ])
  })

  it('repairs missing members before their consequences, gone before paused', () => {
    const obs = createObservation({
      redis: [primaryNode('r1'), deadNode('r2'), deadNode('r3', { process: 'paused', error: 'timeout' })],
      apps: [app('a1'), app('a2', { process: 'exited', healthy: false, redis: null }), app('a3')],
    })
    expect(triage(obs)).toEqual(['redis_nodes_up:r2 (30)', 'apps_healthy:a2 (30)', 'redis_nodes_up:r3 (20)'])
  })

  it('blames a broken limit on TTL-less keys or an app away from the primary, not on itself', () => {
    const obs = createObservation({
      limit: truth({ over_limit_windows: 1 }),
      apps: [app('a1'), app('a2', { redis: 'r2' }), app('a3')],
    })
    expect(triage(obs)).toEqual(['apps_on_primary:a2 (8)', 'limit_holds ← apps_on_primary:a2'])
    const ttl = createObservation({
      limit: truth({ over_limit_windows: 1 }),
      redis: [primaryNode('r1', { keys_without_ttl: 3 }), replicaNode('r2'), replicaNode('r3')],
    })
    expect(triage(ttl)).toEqual(['keys_have_ttl (12)', 'limit_holds ← keys_have_ttl'])
  })

  it('holds no agreed primary for a consequence of Sentinels down, blocked until they are back', () => {
    const down = { process: 'exited' as const, reachable: false, primary: null }
    const obs = createObservation({
      primary: null,
      sentinels: [sentinel('s1'), sentinel('s2', null, down), sentinel('s3', null, down)],
    })
    const violations = createRatelimiterChecker().evaluate(obs)
    const roles = ratelimiterPlaybook.triage?.(violations, obs)
    expect(roles?.get('primary_agreed')).toMatchObject({ cause: 'sentinels_up:s2', blocked: true })
    expect(roles?.get('sentinels_up:s2')).toMatchObject({ cause: null, priority: 28 })
  })

  it('treats a broken replica link as a root of its own while the primary serves', () => {
    const obs = createObservation({
      redis: [primaryNode('r1'), replicaNode('r2'), replicaNode('r3', 'r1', { link_up: false, replicates_port: 1 })],
    })
    expect(triage(obs)).toEqual(['replica_links:r3 (10)'])
  })
})
