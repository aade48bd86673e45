/**
 * sentinel_failover: ask a reachable Sentinel to fail the primary over
 * (SENTINEL FAILOVER, no agreement of the others needed), then wait until a
 * quorum of Sentinels agrees on a new primary that answers as a primary.
 * The apps follow through their Sentinel connection.
 */
import { z } from 'zod'
import { actionSpec } from '../../../src/core/action.js'
import { portOf, type RatelimiterHandle } from '../handle.js'
import { describeRedisError } from '../redis-admin.js'
import { defineAction, failedOn, ok, waitFor } from './define.js'
import { agreedPrimary, replicationOf } from './topology.js'

/** How long the Sentinels have to agree on the new primary. */
export const FAILOVER_TIMEOUT_MS = 30_000

export const SENTINEL_FAILOVER = actionSpec({
  name: 'sentinel_failover',
  kind: 'subject',
  description:
    'Fail the primary over through a reachable Sentinel (SENTINEL FAILOVER), then wait until a quorum of ' +
    'Sentinels agrees on a new primary that answers as one. Fails when no replica can be promoted.',
  params: z.strictObject({}),
  risk: 'high',
  tier: 2,
})

/** Sentinel's refusals by their error code. */
function causeOf(message: string): string {
  if (message.includes('NOGOODSLAVE')) return 'no_good_replica'
  if (message.includes('INPROG')) return 'in_progress'
  return 'refused'
}

export function sentinelFailoverAction(handle: RatelimiterHandle) {
  return defineAction({
    ...SENTINEL_FAILOVER,
    async run(_params, ctx) {
      const before = await agreedPrimary(handle)
      const asked = before.views.find((v) => v.error === null && v.primary !== null)
      if (asked === undefined) {
        const sentinel = before.views[0]?.sentinel ?? 's1'
        const why = before.views.map((v) => `${v.sentinel}: ${v.error ?? 'no primary'}`).join('; ')
        return failedOn(handle, sentinel, 'no_sentinel', 'no Sentinel answers with a primary', why, {
          views: before.views,
        })
      }
      const old = asked.primary
      try {
        await handle.redis(portOf(handle, asked.sentinel), (c) =>
          c.call('SENTINEL', 'FAILOVER', handle.run.master_name),
        )
      } catch (err) {
        const message = describeRedisError(err)
        const cause = causeOf(message)
        // A failover already under way is what we asked for: wait for it.
        if (cause !== 'in_progress')
          return failedOn(handle, asked.sentinel, cause, `${asked.sentinel} refused to fail ${old} over`, message, {
            from: old,
            views: before.views,
          })
      }
      ctx.log('failover requested', { via: asked.sentinel, from: old })
      const after = await waitFor(ctx, FAILOVER_TIMEOUT_MS, async () => {
        const now = await agreedPrimary(handle)
        if (now.primary === null || now.primary === old) return null
        return (await replicationOf(handle, now.primary)).role === 'master' ? now.primary : null
      })
      if (after === null) {
        const last = await agreedPrimary(handle)
        return failedOn(
          handle,
          asked.sentinel,
          'timeout',
          `the Sentinels did not agree on a new primary within ${FAILOVER_TIMEOUT_MS / 1000} s`,
          `after SENTINEL FAILOVER via ${asked.sentinel}: ${last.views.map((v) => `${v.sentinel} names ${v.primary ?? v.error}`).join(', ')}`,
          { from: old, via: asked.sentinel, views: last.views },
        )
      }
      ctx.log('failed over', { from: old, to: after })
      return ok(`failed over ${old} → ${after} (via ${asked.sentinel}); the Sentinels agree on ${after}`, {
        from: old,
        to: after,
        via: asked.sentinel,
      })
    },
  })
}
