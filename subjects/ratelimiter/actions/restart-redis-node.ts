/**
 * restart_redis_node: restart one Redis node or Sentinel through the
 * runtime (a paused one is resumed first; a Redis node starts as a replica
 * of the current primary), then wait until it serves its part: the agreed
 * primary answers as a primary; any other node replicates from it with its
 * link up (re-pointed with REPLICAOF if it came back pointing elsewhere); a
 * Sentinel names a primary again. Fails with the member's own log.
 */
import { z } from 'zod'
import { actionSpec } from '../../../src/core/action.js'
import { errorMessage } from '../../../src/core/errors.js'
import type { ActionContext, ActionResult } from '../../../src/core/subject.js'
import { REDIS_NODES, SENTINELS } from '../defaults.js'
import { portOf, type RatelimiterHandle } from '../handle.js'
import { defineAction, failedOn, ok, waitFor } from './define.js'
import { agreedPrimary, type Replication, replicatesFrom, replicationOf, sentinelViews } from './topology.js'

/** How long the member has to answer after its start, and then a replica to bring its link up. */
export const READY_TIMEOUT_MS = 15_000
export const LINK_TIMEOUT_MS = 20_000

export const RESTART_REDIS_NODE = actionSpec({
  name: 'restart_redis_node',
  kind: 'subject',
  description:
    'Restart one Redis node or Sentinel (a paused one is resumed first), then wait until it serves: the agreed ' +
    'primary answers as a primary, a replica replicates from it with its link up, a Sentinel names a primary. ' +
    'Fails with the member’s own log lines when it cannot start.',
  params: z.strictObject({ member: z.enum([...REDIS_NODES, ...SENTINELS]) }),
  risk: 'medium',
  tier: 2,
})

/** REPLICAOF the primary on `member`; whether it was accepted. */
export async function repoint(handle: RatelimiterHandle, member: string, primary: string): Promise<boolean> {
  const port = portOf(handle, primary)
  return handle
    .redis(portOf(handle, member), (c) => c.call('REPLICAOF', '127.0.0.1', port))
    .then(
      () => true,
      () => false,
    )
}

type Started = { was: string; pid: number | null }

async function sentinelServes(handle: RatelimiterHandle, member: string, started: Started, ctx: ActionContext) {
  const named = await waitFor(ctx, READY_TIMEOUT_MS, async () => {
    if (handle.runtime.state(member) === 'exited') return 'exited'
    return (await sentinelViews(handle)).find((v) => v.sentinel === member)?.primary ?? null
  })
  if (named === 'exited' || named === null)
    return failedOn(
      handle,
      member,
      named ?? 'not_serving',
      `${member} did not come back after the restart`,
      named === 'exited' ? 'it exited' : `it names no primary within ${READY_TIMEOUT_MS / 1000} s`,
      started,
    )
  return ok(`restarted ${member} (was ${started.was}); it names ${named} as the primary`, {
    member,
    ...started,
    primary: named,
  })
}

async function redisServes(
  handle: RatelimiterHandle,
  member: string,
  started: Started,
  ctx: ActionContext,
): Promise<ActionResult> {
  const answered = await waitFor(ctx, READY_TIMEOUT_MS, async () => {
    if (handle.runtime.state(member) === 'exited') return 'exited' as const
    const r = await replicationOf(handle, member)
    return r.error === null ? r : null
  })
  if (answered === 'exited')
    return failedOn(handle, member, 'exited', `${member} did not stay up after the restart`, 'it exited', started)
  if (answered === null) {
    const error = (await replicationOf(handle, member)).error ?? 'no answer'
    return failedOn(
      handle,
      member,
      'not_serving',
      `restarted ${member} but it did not answer within ${READY_TIMEOUT_MS / 1000} s`,
      error,
      started,
    )
  }
  const { primary, views } = await agreedPrimary(handle)
  if (primary === null)
    return failedOn(
      handle,
      member,
      'no_primary',
      `${member} runs, but the Sentinels agree on no primary`,
      'no quorum of Sentinels names one primary',
      { ...started, views },
    )
  const serves = (r: Replication) => (primary === member ? r.role === 'master' : replicatesFrom(handle, r, primary))
  let repointed = false
  const linked = await waitFor(ctx, LINK_TIMEOUT_MS, async () => {
    const r = await replicationOf(handle, member)
    if (serves(r)) return r
    // An old primary, or a replica whose config names another node: point it at the agreed primary.
    if (primary !== member && !repointed && r.error === null && r.master_port !== portOf(handle, primary))
      repointed = await repoint(handle, member, primary)
    return null
  })
  const part = primary === member ? 'serve as the primary' : `replicate from ${primary}`
  if (linked === null) {
    const r = await replicationOf(handle, member)
    const seen = r.error ?? `role ${r.role}, primary port ${r.master_port ?? '-'}, link ${r.link_up ? 'up' : 'down'}`
    return failedOn(
      handle,
      member,
      'link_down',
      `${member} runs but does not ${part} within ${LINK_TIMEOUT_MS / 1000} s`,
      seen,
      { ...started, primary, repointed },
    )
  }
  const role = primary === member ? 'serves as the primary' : `replicates from ${primary}, link up`
  const how = repointed ? ' (re-pointed with REPLICAOF)' : ''
  return ok(`restarted ${member} (was ${started.was}); ${role}${how}`, { member, ...started, primary, repointed })
}

export function restartRedisNodeAction(handle: RatelimiterHandle) {
  return defineAction({
    ...RESTART_REDIS_NODE,
    async run({ member }, ctx) {
      let started: Started
      try {
        const done = await handle.runtime.restart(member, ctx.signal)
        started = { was: done.was, pid: done.pid }
      } catch (err) {
        if (ctx.signal.aborted) throw err
        return failedOn(handle, member, 'start_failed', `could not restart ${member}`, errorMessage(err))
      }
      ctx.log('redis member restarted', { member, ...started })
      return (SENTINELS as readonly string[]).includes(member)
        ? sentinelServes(handle, member, started, ctx)
        : redisServes(handle, member, started, ctx)
    },
  })
}
