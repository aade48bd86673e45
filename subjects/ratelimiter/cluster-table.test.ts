import { describe, expect, it } from 'vitest'
import {
  app,
  createObservation,
  deadNode,
  primaryNode,
  replicaNode,
  sentinel,
  truth,
} from '../../test/fixtures/ratelimiter-observation.js'
import { ratelimiterClusterTable } from './cluster-table.js'

describe('ratelimiter cluster table', () => {
  it('heads with the agreed primary, its votes and the limit', () => {
    const table = ratelimiterClusterTable(createObservation({ limit: truth({ over_limit_windows: 2 }) }))
    expect(table?.headline).toBe('primary r1 (agreed by 3/3) · limit 50/1s · over-limit windows 2')
  })

  it('says so when the Sentinels agree on nothing and no workload runs', () => {
    const obs = createObservation({
      primary: null,
      limit: null,
      sentinels: [sentinel('s1', 'r1'), sentinel('s2', 'r2')],
    })
    expect(ratelimiterClusterTable(obs)?.headline).toBe('NO AGREED PRIMARY · no workload truth')
  })

  it('shows every node, Sentinel and app with its facts, healthy rows in the ok tone', () => {
    const table = ratelimiterClusterTable(
      createObservation({
        redis: [
          primaryNode('r1', { used_memory: 8_388_608, evicted_keys: 3 }),
          replicaNode('r2', 'r1', { lag_bytes: 2048 }),
          replicaNode('r3'),
        ],
        apps: [
          app('a1', { served: { redis: 75, insurance: 25, rejected: 10 } }),
          app('a2', { served: { redis: 75, insurance: 25, rejected: 10 }, recent_insurance_share: 0.04 }),
          app('a3'),
        ],
      }),
    )
    expect(table?.columns).toHaveLength(9)
    expect(table?.rows.map((r) => [...r.cells, r.tone])).toEqual([
      ['r1', 'master', 'up', '-', '-', '25%', '3', '0', '-', 'ok'],
      ['r2', 'replica', 'up', 'r1', 'up 2.0K', '4%', '0', '0', '-', 'ok'],
      ['r3', 'replica', 'up', 'r1', 'up 0B', '4%', '0', '0', '-', 'ok'],
      ['s1', 'sentinel', 'up', 'r1', '-', '-', '-', '-', '-', 'ok'],
      ['s2', 'sentinel', 'up', 'r1', '-', '-', '-', '-', '-', 'ok'],
      ['s3', 'sentinel', 'up', 'r1', '-', '-', '-', '-', '-', 'ok'],
      ['a1', 'app', 'healthy', 'r1', '-', '-', '-', '-', '25% 2.5ms', 'ok'],
      // The last 10 s when the app says so, not the share since it started.
      ['a2', 'app', 'healthy', 'r1', '-', '-', '-', '-', '4% 2.5ms', 'ok'],
      ['a3', 'app', 'healthy', 'r1', '-', '-', '-', '-', '0% 2.5ms', 'ok'],
    ])
  })

  it('tones a dead node, a broken link, TTL-less keys on the primary and a stray app bad, a full memory warn', () => {
    const table = ratelimiterClusterTable(
      createObservation({
        redis: [
          primaryNode('r1', { keys_without_ttl: 5 }),
          replicaNode('r2', 'r1', { link_up: false, used_memory: 31_000_000 }),
          deadNode('r3'),
        ],
        apps: [app('a1'), app('a2', { redis: 'r2' }), app('a3')],
      }),
    )
    expect(table?.rows.map((r) => [r.cells[0], r.cells[2], r.tone])).toEqual([
      ['r1', 'up', 'bad'],
      ['r2', 'up', 'bad'],
      ['r3', 'dead', 'bad'],
      ['s1', 'up', 'ok'],
      ['s2', 'up', 'ok'],
      ['s3', 'up', 'ok'],
      ['a1', 'healthy', 'ok'],
      ['a2', 'healthy', 'bad'],
      ['a3', 'healthy', 'ok'],
    ])
    const warm = ratelimiterClusterTable(
      createObservation({
        redis: [primaryNode('r1', { used_memory: 31_000_000 }), replicaNode('r2'), replicaNode('r3')],
      }),
    )
    expect(warm?.rows[0]?.tone).toBe('warn')
  })

  it('is null for an observation of another subject', () => {
    expect(ratelimiterClusterTable({ subject: 'etcd', members: [] })).toBeNull()
  })
})
