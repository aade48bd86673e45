/**
 * The app's HTTP answers: `GET /hit?key=K` consumes one point (200 or 429
 * with the limiter's headers and the path that answered), `GET /health`,
 * `GET /stats`. Counts requests by path and logs when the path changes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AppConfig } from './app-config.js'
import { LatencyWindow } from './latency-window.js'
import type { Limiter, LimiterPath } from './limiter.js'
import { limitHeaders } from './limiter.js'
import type { LogEvent, RedisConnection } from './redis-connection.js'

/** Requests since start: `redis` and `insurance` count answers (200 or 429) by path; `rejected` the 429s of both. */
export interface ServedCounts {
  redis: number
  insurance: number
  rejected: number
  admitted: number
  errors: number
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

export function createRoutes(config: AppConfig, limiter: Limiter, redis: RedisConnection, log: LogEvent) {
  const served: ServedCounts = { redis: 0, insurance: 0, rejected: 0, admitted: 0, errors: 0 }
  const latency = new LatencyWindow()
  let lastPath: LimiterPath | null = null

  async function hit(key: string, res: ServerResponse): Promise<void> {
    const outcome = await limiter.hit(key)
    latency.add(outcome.ms, Date.now(), outcome.kind !== 'error' && outcome.path === 'insurance')
    if (outcome.kind === 'error') {
      served.errors++
      log('limiter_error', { key, error: outcome.error })
      send(res, 503, { error: outcome.error })
      return
    }
    served[outcome.path]++
    if (outcome.kind === 'admitted') served.admitted++
    else served.rejected++
    if (outcome.path !== lastPath) {
      log(outcome.path === 'insurance' ? 'insurance_path' : 'redis_path', { key, redis: redis.address() })
      lastPath = outcome.path
    }
    const headers = { ...limitHeaders(outcome.res, config.points, Date.now()), 'X-RateLimit-Path': outcome.path }
    send(
      res,
      outcome.kind === 'admitted' ? 200 : 429,
      {
        admitted: outcome.kind === 'admitted',
        path: outcome.path,
        remaining: outcome.res.remainingPoints,
        retry_after_ms: outcome.res.msBeforeNext,
      },
      headers,
    )
  }

  return {
    served,
    async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      if (req.method !== 'GET') return send(res, 405, { error: 'only GET' })
      if (url.pathname === '/hit') {
        const key = url.searchParams.get('key')
        if (key === null || key === '') return send(res, 400, { error: 'key is required: /hit?key=K' })
        return hit(key, res)
      }
      if (url.pathname === '/health') {
        const address = redis.address()
        return send(res, 200, { ok: true, name: config.name, redis: address, status: redis.status() })
      }
      if (url.pathname === '/stats') {
        return send(res, 200, {
          name: config.name,
          served,
          p99_ms: latency.p99(Date.now()),
          recent_insurance_share: latency.insuranceShare(Date.now()),
          redis_port: redis.port(),
          limit: { points: config.points, duration_s: config.durationS },
        })
      }
      send(res, 404, { error: `no route ${url.pathname}` })
    },
  }
}
