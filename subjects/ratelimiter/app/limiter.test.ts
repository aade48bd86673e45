import type { Redis } from 'ioredis'
import { RateLimiterRes } from 'rate-limiter-flexible'
import { describe, expect, it } from 'vitest'
import type { AppConfig } from './app-config.js'
import { createLimiter, limitHeaders } from './limiter.js'

const config: AppConfig = {
  name: 'a1',
  port: 1,
  sentinels: [2],
  masterName: 'ratelimiter',
  keyPrefix: 'rl',
  points: 50,
  durationS: 1,
  instances: 3,
  commandTimeoutMs: 500,
}

/** An ioredis stand-in that is never ready: rejectIfRedisNotReady sends every call to the insurance limiter. */
function notReadyRedis(): Redis {
  const calls: string[] = []
  const fake = {
    status: 'reconnecting',
    calls,
    rlflxIncr: () => {
      calls.push('rlflxIncr')
      return Promise.reject(new Error('must not be called'))
    },
  }
  return fake as unknown as Redis
}

describe('the app limiter', () => {
  it("answers from the in-memory insurance while Redis is not ready, admitting this instance's share", async () => {
    const redis = notReadyRedis()
    const limiter = createLimiter(config, redis)
    const outcomes = []
    for (let i = 0; i < 20; i++) outcomes.push(await limiter.hit('k'))
    expect(outcomes.every((o) => o.kind !== 'error' && o.path === 'insurance')).toBe(true)
    expect(outcomes.filter((o) => o.kind === 'admitted')).toHaveLength(16)
    expect(outcomes.filter((o) => o.kind === 'rejected')).toHaveLength(4)
    expect((redis as unknown as { calls: string[] }).calls).toEqual([])
  })

  it('answers from Redis when the store answers, and counts over the limit as rejected', async () => {
    let consumed = 0
    const redis = {
      status: 'ready',
      defineCommand: () => undefined,
      rlflxIncr: async () => {
        consumed++
        return [consumed, 800]
      },
    } as unknown as Redis
    const limiter = createLimiter({ ...config, points: 2 }, redis)
    const kinds = []
    for (let i = 0; i < 3; i++) {
      const o = await limiter.hit('k')
      kinds.push(o.kind === 'error' ? 'error' : `${o.kind}:${o.path}`)
    }
    expect(kinds).toEqual(['admitted:redis', 'admitted:redis', 'rejected:redis'])
  })

  it("sets the limiter's headers as rate-limiter-flexible documents them", () => {
    const res = new RateLimiterRes(7, 1500, 43, false)
    expect(limitHeaders(res, 50, 1_000_000)).toEqual({
      'Retry-After': '2',
      'X-RateLimit-Limit': '50',
      'X-RateLimit-Remaining': '7',
      'X-RateLimit-Reset': '1002',
    })
  })
})
