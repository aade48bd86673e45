/**
 * One poll of one app instance over HTTP: `GET /health` (is it healthy, which
 * Redis its connection points at) and `GET /stats` (requests by the path that
 * served them, limiter latency p99), both with a deadline. An app that does
 * not answer is observed unhealthy with its error, never thrown.
 */
import { z } from 'zod'
import { errorMessage } from '../../src/core/errors.js'
import type { AppObservation, ProcessState } from './observation.js'
import { parseHostPort } from './parse-info.js'
import type { RunNode } from './runtime/run-record.js'

/** A GET on a loopback port: status and body; rejects on a transport failure or when the signal aborts. */
export type HttpGet = (port: number, path: string, signal: AbortSignal) => Promise<{ status: number; body: string }>

export const fetchGet: HttpGet = async (port, path, signal) => {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal })
  return { status: response.status, body: await response.text() }
}

const HealthBody = z.object({ ok: z.boolean(), redis: z.string().nullable().optional(), status: z.unknown() })
const StatsBody = z.object({
  served: z.object({ redis: z.number(), insurance: z.number(), rejected: z.number() }),
  p99_ms: z.number().nullable(),
  recent_insurance_share: z.number().nullable().optional(),
  redis_port: z.number().nullable().optional(),
})

const NO_STATS = { served: { redis: 0, insurance: 0, rejected: 0 }, p99_ms: null, recent_insurance_share: null }

function parseBody<T>(schema: z.ZodType<T>, reply: { status: number; body: string }, what: string): T {
  let json: unknown
  try {
    json = JSON.parse(reply.body)
  } catch {
    throw new Error(`${what}: HTTP ${reply.status}, not JSON`)
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) throw new Error(`${what}: HTTP ${reply.status}, unexpected body`)
  return parsed.data
}

export async function probeApp(
  get: HttpGet,
  app: RunNode,
  process: ProcessState,
  timeoutMs: number,
  nodeAt: (port: number) => string | null,
): Promise<AppObservation> {
  const base = { name: app.name, port: app.port, process }
  const signal = AbortSignal.timeout(timeoutMs)
  const [health, stats] = await Promise.allSettled([
    get(app.port, '/health', signal).then((r) => parseBody(HealthBody, r, '/health')),
    get(app.port, '/stats', signal).then((r) => parseBody(StatsBody, r, '/stats')),
  ])
  const statsFacts =
    stats.status === 'fulfilled'
      ? {
          served: stats.value.served,
          p99_ms: stats.value.p99_ms,
          recent_insurance_share: stats.value.recent_insurance_share ?? null,
        }
      : NO_STATS
  if (health.status === 'rejected')
    return { ...base, healthy: false, error: errorMessage(health.reason), redis: null, ...statsFacts }
  // /health names the connection; /stats only when /health leaves it out.
  const statsPort = stats.status === 'fulfilled' ? (stats.value.redis_port ?? null) : null
  const port = health.value.redis === undefined ? statsPort : parseHostPort(health.value.redis)
  const status = typeof health.value.status === 'string' ? health.value.status : 'not ok'
  return {
    ...base,
    healthy: health.value.ok,
    error: health.value.ok ? null : `unhealthy: ${status}`,
    redis: port === null ? null : nodeAt(port),
    ...statsFacts,
  }
}
