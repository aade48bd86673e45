/**
 * strip_ttls: PERSIST every limiter key on the primary, so counters never
 * expire. Keys still hit get their TTL back from the limiter's own script;
 * the rest stay forever. Waits a few seconds for the workload's keys (a run
 * just started may have none yet), then refuses: the workload makes them.
 */
import { OperatorError } from '../../../src/core/errors.js'
import type { FaultDefinition } from '../../../src/core/subject.js'
import { eachLimiterPage, LIMITER_PATTERN, PERSIST_SCRIPT } from '../actions/limiter-keys.js'
import { portOf, type RatelimiterHandle } from '../handle.js'
import { primaryOf } from './resolve-target.js'

/** How long the fault waits for limiter keys with a TTL to appear, and how often it looks. */
export const KEYS_WAIT_MS = 10_000
const KEYS_POLL_MS = 250

export function stripTtlsFault(handle: RatelimiterHandle): FaultDefinition {
  return {
    name: 'strip_ttls',
    description: `PERSIST every limiter key (${LIMITER_PATTERN}) on the primary: their counters never expire`,
    targeted: false,
    async inject(_target, ctx) {
      const primary = await primaryOf(handle, 'strip_ttls')
      const strip = () =>
        handle.redis(portOf(handle, primary), (c) => eachLimiterPage(c, PERSIST_SCRIPT, [], ctx.signal))
      let walk = await strip()
      for (const until = ctx.clock.now() + KEYS_WAIT_MS; walk.changed === 0 && ctx.clock.now() < until; ) {
        await ctx.clock.sleep(KEYS_POLL_MS, ctx.signal)
        walk = await strip()
      }
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
