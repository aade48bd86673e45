import { describe, expect, it } from 'vitest'
import type { FailedAttempt, Violation } from '../../src/core/subject.js'
import { ratelimiterAdvice } from './advice.js'

const violation: Violation = {
  invariant: 'redis_nodes_up',
  key: 'redis_nodes_up:r2',
  severity: 'critical',
  target: 'r2',
  message: 'r2 is down',
  evidence: {},
}

function attempt(details: Record<string, unknown>, action = 'restart_redis_node'): FailedAttempt {
  return {
    proposal_id: 'P-1',
    action,
    params: { member: 'r2' },
    outcome: 'failed',
    summary: 'failed',
    error: 'x',
    details,
  }
}

describe('ratelimiter advice', () => {
  it('names the command that finds the holder of a port in use', () => {
    const lines = [
      '# Warning: Could not create server TCP listening socket 127.0.0.1:26380: bind: Address already in use',
    ]
    expect(ratelimiterAdvice(violation, [attempt({ cause: 'exited', log_excerpt: lines })])).toBe(
      "another process holds r2's port 26380: find it with `ss -ltnp 'sport = :26380'`, stop it, then run restart_redis_node r2 again",
    )
  })

  it('reads the cause of the last failure: a member that exits, no replica to promote', () => {
    expect(ratelimiterAdvice(violation, [attempt({ cause: 'exited', log_excerpt: ['FATAL: bad config'] })])).toMatch(
      /r2 exits as it starts \(its log: FATAL: bad config\)/,
    )
    expect(ratelimiterAdvice(violation, [attempt({ cause: 'no_good_replica' }, 'sentinel_failover')])).toMatch(
      /no replica can be promoted/,
    )
  })

  it('advises on evictions at the ceiling when no plan ran, and says nothing it does not know', () => {
    const evicting = { ...violation, invariant: 'no_evictions', key: 'no_evictions:r1', target: 'r1' }
    expect(ratelimiterAdvice(evicting, [])).toMatch(/maxmemory_ceiling_bytes/)
    expect(ratelimiterAdvice(violation, [])).toBeNull()
  })
})
