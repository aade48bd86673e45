/**
 * The app's limiter as rate-limiter-flexible intends it: `RateLimiterRedis`
 * over the shared ioredis connection, refusing to queue while Redis is not
 * ready (`rejectIfRedisNotReady`), with an in-memory insurance limiter that
 * admits this instance's share of the limit while Redis cannot answer. Each
 * outcome says which path answered: the insurance limiter marks its results.
 */
import type { Redis } from 'ioredis'
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'
import type { AppConfig } from './app-config.js'

export type LimiterPath = 'redis' | 'insurance'

export type HitOutcome =
  | { kind: 'admitted' | 'rejected'; path: LimiterPath; res: RateLimiterRes; ms: number }
  | { kind: 'error'; error: string; ms: number }

/** A memory limiter that marks every result it hands out, so the caller can tell the insurance path. */
class MarkingMemoryLimiter extends RateLimiterMemory {
  readonly marked = new WeakSet<object>()

  override consume(key: string | number, points?: number, options?: Record<string, unknown>): Promise<RateLimiterRes> {
    return super.consume(key, points, options).then(
      (res) => {
        this.marked.add(res)
        return res
      },
      (rej: unknown) => {
        if (rej instanceof RateLimiterRes) this.marked.add(rej)
        throw rej
      },
    )
  }
}

export interface Limiter {
  hit(key: string): Promise<HitOutcome>
}

export function createLimiter(
  config: AppConfig,
  redis: Redis,
  now: () => number = performance.now.bind(performance),
): Limiter {
  const insurance = new MarkingMemoryLimiter({
    keyPrefix: config.keyPrefix,
    // Each instance admits only its share, so all of them together stay near the limit without Redis.
    points: Math.max(1, Math.floor(config.points / config.instances)),
    duration: config.durationS,
  })
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: config.keyPrefix,
    points: config.points,
    duration: config.durationS,
    rejectIfRedisNotReady: true,
    insuranceLimiter: insurance,
  })
  const pathOf = (res: object): LimiterPath => (insurance.marked.has(res) ? 'insurance' : 'redis')
  return {
    async hit(key) {
      const start = now()
      try {
        const res = await limiter.consume(key, 1)
        return { kind: 'admitted', path: pathOf(res), res, ms: now() - start }
      } catch (rej) {
        const ms = now() - start
        if (rej instanceof RateLimiterRes) return { kind: 'rejected', path: pathOf(rej), res: rej, ms }
        return { kind: 'error', error: rej instanceof Error ? rej.message : String(rej), ms }
      }
    },
  }
}

/** The limiter's headers for one answer, as rate-limiter-flexible's documentation sets them. */
export function limitHeaders(res: RateLimiterRes, points: number, nowMs: number): Record<string, string> {
  return {
    'Retry-After': String(Math.ceil(res.msBeforeNext / 1000)),
    'X-RateLimit-Limit': String(points),
    'X-RateLimit-Remaining': String(res.remainingPoints),
    'X-RateLimit-Reset': String(Math.ceil((nowMs + res.msBeforeNext) / 1000)),
  }
}
