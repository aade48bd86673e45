/**
 * strip_ttls: PERSIST every limiter key on the primary, so counters never
 * expire and their keys stay rejected (or, once deleted, start over).
 * Refuses when there are no limiter keys: the workload makes them.
 */
import { OperatorError } from '../../../src/core/errors.js'
import type { FaultDefinition } from '../../../src/core/subject.js'
import { eachLimiterPage, LIMITER_PATTERN, PERSIST_SCRIPT } from '../actions/limiter-keys.js'
import { portOf, type RatelimiterHandle } from '../handle.js'
import { primaryOf } from './resolve-target.js'

export function stripTtlsFault(handle: RatelimiterHandle): FaultDefinition {
  return {
    name: 'strip_ttls',
    description: `PERSIST every limiter key (${LIMITER_PATTERN}) on the primary: their counters never expire`,
    targeted: false,
    async inject(_target, ctx) {
      const primary = await primaryOf(handle, 'strip_ttls')
      const walk = await handle.redis(portOf(handle, primary), (c) =>
        eachLimiterPage(c, PERSIST_SCRIPT, [], ctx.signal),
      )
      if (walk.changed === 0)
        throw new OperatorError(
          'subject',
          `no limiter key with a TTL on ${primary} (${walk.scanned} scanned)`,
          'run the workload first: operator workload --subject ratelimiter',
        )
      ctx.log('limiter TTLs stripped', { primary, ...walk })
      return {
        fault: 'strip_ttls',
        targets: [primary],
        summary: `removed the TTL of ${walk.changed} limiter keys on ${primary}`,
        details: { primary, scanned: walk.scanned, persisted: walk.changed },
      }
    },
  }
}
