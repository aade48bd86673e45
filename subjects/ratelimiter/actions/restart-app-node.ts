/**
 * restart_app_node: restart one app instance through the runtime, then wait
 * until its /health answers with a Redis connection — to the primary the
 * Sentinels agree on, when they agree on one. Fails with the app's own log.
 */
import { z } from 'zod'
import { actionSpec } from '../../../src/core/action.js'
import { errorMessage } from '../../../src/core/errors.js'
import { memberAt, portOf, type RatelimiterHandle } from '../handle.js'
import { AppMemberSchema, defineAction, failedOn, ok, waitFor } from './define.js'
import { agreedPrimary } from './topology.js'

export const APP_READY_TIMEOUT_MS = 20_000
const HEALTH_TIMEOUT_MS = 1000

export const RESTART_APP_NODE = actionSpec({
  name: 'restart_app_node',
  kind: 'subject',
  description:
    'Restart one app instance, then wait until its /health answers with a Redis connection to the primary ' +
    'the Sentinels agree on. Fails with the app’s own log lines when it cannot start.',
  params: z.strictObject({ member: AppMemberSchema }),
  risk: 'medium',
  tier: 2,
})

/** What /health says: the Redis node the app is connected to (a member name or `port N`), or why none. */
export async function appRedis(
  handle: RatelimiterHandle,
  member: string,
  signal: AbortSignal,
): Promise<{ redis: string | null; error: string | null }> {
  try {
    const timeout = AbortSignal.any([signal, AbortSignal.timeout(HEALTH_TIMEOUT_MS)])
    const res = await handle.http(portOf(handle, member), '/health', timeout)
    if (res.status !== 200) return { redis: null, error: `/health answered ${res.status}` }
    const body = JSON.parse(res.body) as { redis?: unknown }
    const match = typeof body.redis === 'string' ? /:(\d+)$/.exec(body.redis) : null
    if (match?.[1] === undefined) return { redis: null, error: 'no Redis connection' }
    const port = Number(match[1])
    return { redis: memberAt(handle, port) ?? `port ${port}`, error: null }
  } catch (err) {
    return { redis: null, error: errorMessage(err) }
  }
}

export function restartAppNodeAction(handle: RatelimiterHandle) {
  return defineAction({
    ...RESTART_APP_NODE,
    async run({ member }, ctx) {
      let started: { was: string; pid: number | null }
      try {
        started = await handle.runtime.restart(member, ctx.signal)
      } catch (err) {
        if (ctx.signal.aborted) throw err
        return failedOn(handle, member, 'start_failed', `could not restart ${member}`, errorMessage(err))
      }
      ctx.log('app restarted', { member, was: started.was, pid: started.pid })
      const details = { was: started.was, pid: started.pid }
      let last = {
        redis: null as string | null,
        error: 'not asked yet' as string | null,
        primary: null as string | null,
      }
      const ready = await waitFor(ctx, APP_READY_TIMEOUT_MS, async () => {
        if (handle.runtime.state(member) === 'exited') return 'exited' as const
        const health = await appRedis(handle, member, ctx.signal)
        const { primary } = await agreedPrimary(handle)
        last = { ...health, primary }
        return health.redis !== null && (primary === null || health.redis === primary) ? health.redis : null
      })
      if (ready === 'exited')
        return failedOn(handle, member, 'exited', `${member} did not stay up after the restart`, 'it exited', details)
      if (ready === null) {
        const onOther = last.redis !== null
        return failedOn(
          handle,
          member,
          onOther ? 'not_on_primary' : 'not_serving',
          onOther
            ? `${member} is connected to ${last.redis}, not the primary ${last.primary}`
            : `restarted ${member} but /health has no Redis connection within ${APP_READY_TIMEOUT_MS / 1000} s`,
          last.error ?? `connected to ${last.redis}`,
          { ...details, redis: last.redis, primary: last.primary },
        )
      }
      return ok(`restarted ${member} (was ${started.was}); healthy, connected to ${ready}`, {
        member,
        ...details,
        redis: ready,
      })
    },
  })
}
