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
import { summarizeObservation } from './summarize.js'

describe('ratelimiter summary line', () => {
  it('names the primary, every node, the Sentinels votes, the apps and the limit', () => {
    expect(
      summarizeObservation(createObservation({ limit: truth({ over_limit_windows: 1, rejected_share: 0.384 }) })),
    ).toBe(
      'primary=r1 3/3 | r1 master 4% | r2 replica up lag 0B 4% | r3 replica up lag 0B 4% | sentinels r1,r1,r1 | ' +
        'a1 ok→r1 2.5ms | a2 ok→r1 2.5ms | a3 ok→r1 2.5ms | limit 1 of 200 windows over, 38% 429',
    )
  })

  it('shows a crashed primary, a silent Sentinel, a dead app and no workload', () => {
    const obs = createObservation({
      primary: null,
      redis: [
        deadNode('r1'),
        replicaNode('r2', 'r1', { link_up: false, lag_bytes: null }),
        primaryNode('r3', { keys_without_ttl: 2 }),
      ],
      sentinels: [sentinel('s1', 'r1'), sentinel('s2', null, { reachable: false }), sentinel('s3', 'r2')],
      apps: [
        app('a1', { process: 'exited', healthy: false }),
        app('a2', { redis: null }),
        app('a3', { healthy: false }),
      ],
      limit: null,
    })
    expect(summarizeObservation(obs)).toBe(
      'primary=none | r1 dead | r2 replica down 4% | r3 master 4% 2 no-ttl | sentinels r1,-,r2 | ' +
        'a1 dead | a2 ok→none 2.5ms | a3 unhealthy | limit: no workload',
    )
  })
})
