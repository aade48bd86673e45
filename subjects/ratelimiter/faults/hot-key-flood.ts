/**
 * hot_key_flood: many requests for one key across every app for a few
 * seconds, far above the limit: the shared counter must hold it.
 */
import type { FaultDefinition } from '../../../src/core/subject.js'
import { membersOf, portOf, type RatelimiterHandle } from '../handle.js'

export interface FloodLimits {
  key: string
  durationMs: number
  /** Requests in flight at once, spread over the apps. */
  concurrency: number
  requestTimeoutMs: number
}

export const DEFAULT_FLOOD: FloodLimits = { key: 'hot', durationMs: 3000, concurrency: 24, requestTimeoutMs: 1000 }

export function hotKeyFloodFault(handle: RatelimiterHandle, limits: FloodLimits = DEFAULT_FLOOD): FaultDefinition {
  return {
    name: 'hot_key_flood',
    description: `${limits.concurrency} concurrent requests for one key across every app for ${limits.durationMs / 1000} s`,
    targeted: false,
    async inject(_target, ctx) {
      const apps = membersOf(handle, 'app')
      const counts = { admitted: 0, rejected: 0, errors: 0 }
      const until = ctx.clock.now() + limits.durationMs
      const path = `/hit?key=${encodeURIComponent(limits.key)}`
      const worker = async (w: number) => {
        for (let i = w; ctx.clock.now() < until && !ctx.signal.aborted; i += limits.concurrency) {
          const app = apps[i % apps.length] as string
          const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(limits.requestTimeoutMs)])
          const res = await handle.http(portOf(handle, app), path, signal).catch(() => null)
          if (res?.status === 200) counts.admitted++
          else if (res?.status === 429) counts.rejected++
          else counts.errors++
        }
      }
      await Promise.all(Array.from({ length: limits.concurrency }, (_, w) => worker(w)))
      ctx.signal.throwIfAborted()
      const total = counts.admitted + counts.rejected + counts.errors
      ctx.log('hot key flooded', { key: limits.key, ...counts })
      return {
        fault: 'hot_key_flood',
        targets: apps,
        summary: `${total} requests for ${limits.key} over ${limits.durationMs / 1000} s: ${counts.admitted} admitted, ${counts.rejected} rejected, ${counts.errors} failed`,
        details: { key: limits.key, apps, ...counts },
      }
    },
  }
}
