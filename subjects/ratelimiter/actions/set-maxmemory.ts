/**
 * set_maxmemory: CONFIG SET maxmemory on one Redis node, within the run's
 * ceiling (the schema bounds it by the default ceiling; the run record's
 * own ceiling is checked when it runs) and above what the node already
 * uses, so it never evicts by itself.
 */
import { z } from 'zod'
import { actionSpec } from '../../../src/core/action.js'
import { MAXMEMORY_CEILING_BYTES } from '../defaults.js'
import { portOf, type RatelimiterHandle } from '../handle.js'
import { describeRedisError, infoNumber, parseInfo } from '../redis-admin.js'
import { defineAction, failed, failedOn, ok, RedisMemberSchema } from './define.js'

/** The smallest maxmemory the action sets: below it Redis cannot hold the limiter's keys. */
export const MIN_MAXMEMORY_BYTES = 1024 * 1024

export const SET_MAXMEMORY = actionSpec({
  name: 'set_maxmemory',
  kind: 'subject',
  description:
    'Set maxmemory on one Redis node (CONFIG SET), at most the run’s ceiling and above its used memory: ' +
    'raising it stops evictions of limiter counters under memory pressure.',
  params: z.strictObject({
    member: RedisMemberSchema,
    bytes: z.number().int().min(MIN_MAXMEMORY_BYTES).max(MAXMEMORY_CEILING_BYTES).describe('the new maxmemory'),
  }),
  risk: 'medium',
  tier: 2,
})

export function setMaxmemoryAction(handle: RatelimiterHandle) {
  return defineAction({
    ...SET_MAXMEMORY,
    async run({ member, bytes }, ctx) {
      const ceiling = handle.run.maxmemory_ceiling_bytes
      if (bytes > ceiling)
        return failed(`refused: ${bytes} bytes is above the run's ceiling of ${ceiling}`, 'above the ceiling', {
          member,
          bytes,
          ceiling,
          cause: 'above_ceiling',
        })
      try {
        const result = await handle.redis(portOf(handle, member), async (c) => {
          const info = parseInfo(await c.call('INFO', 'memory'))
          const used = infoNumber(info, 'used_memory')
          const was = infoNumber(info, 'maxmemory')
          if (used !== null && bytes <= used) return { refused: true as const, used, was }
          await c.call('CONFIG', 'SET', 'maxmemory', bytes)
          const now = await c.call('CONFIG', 'GET', 'maxmemory')
          return { refused: false as const, used, was, now: Array.isArray(now) ? Number(now[1]) : null }
        })
        const details = { member, bytes, ceiling, used_memory: result.used, was: result.was }
        if (result.refused)
          return failed(
            `refused: ${member} already uses ${result.used} bytes, more than ${bytes}`,
            'a maxmemory below the used memory evicts at once',
            { ...details, cause: 'below_used' },
          )
        if (result.now !== bytes)
          return failedOn(
            handle,
            member,
            'not_applied',
            `maxmemory of ${member} is ${result.now}, not ${bytes}`,
            'CONFIG SET did not take',
            details,
          )
        ctx.log('maxmemory set', details)
        return ok(`maxmemory of ${member} ${result.was ?? '?'} → ${bytes} bytes (uses ${result.used ?? '?'})`, details)
      } catch (err) {
        return failedOn(
          handle,
          member,
          'unreachable',
          `could not set maxmemory on ${member}`,
          describeRedisError(err),
          {
            bytes,
          },
        )
      }
    },
  })
}
