/**
 * restore_ttl: give every limiter key (`rl:*`) without a TTL on the primary
 * a TTL of one window (or ttl_ms, at most the window), so counters expire
 * again and each window starts from zero. Replicas follow the primary.
 */
import { z } from 'zod'
import { actionSpec } from '../../../src/core/action.js'
import { portOf, type RatelimiterHandle } from '../handle.js'
import { describeRedisError } from '../redis-admin.js'
import { defineAction, failed, failedOn, ok, RedisMemberSchema } from './define.js'
import { eachLimiterPage, RESTORE_TTL_SCRIPT } from './limiter-keys.js'
import { agreedPrimary } from './topology.js'

export const RESTORE_TTL = actionSpec({
  name: 'restore_ttl',
  kind: 'subject',
  description:
    'Give every limiter key without a TTL on the primary (rl:*) a TTL of one window, or ttl_ms (at most the ' +
    'window): PEXPIRE on keys whose PTTL is -1, nothing else. member, when given, must be the primary.',
  params: z.strictObject({
    member: RedisMemberSchema.optional().describe('the primary (default: the one the Sentinels agree on)'),
    ttl_ms: z.number().int().min(1).max(3_600_000).optional().describe('the TTL to give (default: the window)'),
  }),
  risk: 'low',
  tier: 1,
})

export function restoreTtlAction(handle: RatelimiterHandle) {
  return defineAction({
    ...RESTORE_TTL,
    async run({ member, ttl_ms }, ctx) {
      const windowMs = Math.round(handle.run.limit.duration_s * 1000)
      const ttl = ttl_ms ?? windowMs
      if (ttl > windowMs)
        return failed(`refused: a TTL of ${ttl} ms is longer than the ${windowMs} ms window`, 'above the window', {
          ttl_ms: ttl,
          window_ms: windowMs,
          cause: 'above_window',
        })
      const { primary, views } = await agreedPrimary(handle)
      const node = member ?? primary
      if (node === null)
        return failed('no primary to restore TTLs on', 'the Sentinels agree on no primary', {
          cause: 'no_primary',
          views,
        })
      if (primary !== null && node !== primary)
        return failed(`refused: ${node} is a replica; the primary is ${primary}`, 'replicas follow the primary', {
          member: node,
          primary,
          cause: 'not_primary',
        })
      try {
        const walk = await handle.redis(portOf(handle, node), (c) =>
          eachLimiterPage(c, RESTORE_TTL_SCRIPT, [ttl], ctx.signal),
        )
        const details = { member: node, ttl_ms: ttl, scanned: walk.scanned, restored: walk.changed }
        ctx.log('limiter TTLs restored', details)
        return ok(`gave ${walk.changed} of ${walk.scanned} limiter keys on ${node} a TTL of ${ttl} ms`, details)
      } catch (err) {
        if (ctx.signal.aborted) throw err
        return failedOn(handle, node, 'unreachable', `could not restore TTLs on ${node}`, describeRedisError(err), {
          ttl_ms: ttl,
        })
      }
    },
  })
}
