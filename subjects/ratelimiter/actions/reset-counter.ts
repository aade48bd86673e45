/**
 * reset_counter: delete one limiter key on the primary (DEL rl:<key>), so
 * its count starts again from zero in the next request's window. The key is
 * the limiter's key as the apps use it (`k17`), or the Redis key (`rl:k17`).
 */
import { z } from 'zod'
import { actionSpec } from '../../../src/core/action.js'
import { portOf, type RatelimiterHandle } from '../handle.js'
import { describeRedisError } from '../redis-admin.js'
import { defineAction, failed, failedOn, ok } from './define.js'
import { limiterKey } from './limiter-keys.js'
import { agreedPrimary } from './topology.js'

export const RESET_COUNTER = actionSpec({
  name: 'reset_counter',
  kind: 'subject',
  description:
    'Delete one limiter key on the primary (DEL rl:<key>): its counter starts again from zero. ' +
    'Requests for that key may be admitted anew at once.',
  params: z.strictObject({
    key: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,200}$/, 'letters, digits and _ . : - only, at most 200')
      .describe('the limiter key as the apps use it (k17) or as Redis holds it (rl:k17)'),
  }),
  risk: 'medium',
  tier: 2,
})

export function resetCounterAction(handle: RatelimiterHandle) {
  return defineAction({
    ...RESET_COUNTER,
    async run({ key }, ctx) {
      const redisKey = limiterKey(key)
      const { primary, views } = await agreedPrimary(handle)
      if (primary === null)
        return failed(`no primary to reset ${redisKey} on`, 'the Sentinels agree on no primary', {
          key: redisKey,
          cause: 'no_primary',
          views,
        })
      try {
        const { count, deleted } = await handle.redis(portOf(handle, primary), async (c) => {
          const count = await c.call('GET', redisKey)
          return { count, deleted: Number(await c.call('DEL', redisKey)) }
        })
        const details = { key: redisKey, primary, count: count === null ? null : Number(count), deleted }
        ctx.log('limiter counter reset', details)
        return ok(
          deleted === 1
            ? `deleted ${redisKey} on ${primary} (it counted ${String(count)})`
            : `${redisKey} was not on ${primary} (expired already): nothing to reset`,
          details,
        )
      } catch (err) {
        return failedOn(
          handle,
          primary,
          'unreachable',
          `could not reset ${redisKey} on ${primary}`,
          describeRedisError(err),
          {
            key: redisKey,
          },
        )
      }
    },
  })
}
