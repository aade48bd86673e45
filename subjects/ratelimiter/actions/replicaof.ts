/**
 * replicaof: re-point one replica at the primary the Sentinels agree on
 * (REPLICAOF 127.0.0.1 <its port>), then wait until its link is up. Refuses
 * the primary itself, and does nothing to a replica already linked to it.
 */
import { z } from 'zod'
import { actionSpec } from '../../../src/core/action.js'
import type { RatelimiterHandle } from '../handle.js'
import { defineAction, failed, failedOn, ok, RedisMemberSchema, waitFor } from './define.js'
import { repoint } from './restart-redis-node.js'
import { agreedPrimary, replicatesFrom, replicationOf } from './topology.js'

export const REPLICAOF_LINK_TIMEOUT_MS = 20_000

export const REPLICAOF = actionSpec({
  name: 'replicaof',
  kind: 'subject',
  description:
    'Point a replica whose link is down, or that replicates from another node, at the primary the Sentinels ' +
    'agree on (REPLICAOF), then wait until its link is up. Refuses the primary itself.',
  params: z.strictObject({ member: RedisMemberSchema }),
  risk: 'medium',
  tier: 2,
})

export function replicaofAction(handle: RatelimiterHandle) {
  return defineAction({
    ...REPLICAOF,
    async run({ member }, ctx) {
      const { primary, views } = await agreedPrimary(handle)
      if (primary === null)
        return failed(`no primary to point ${member} at`, 'the Sentinels agree on no primary', {
          member,
          cause: 'no_primary',
          views,
        })
      if (primary === member)
        return failed(`refused: ${member} is the primary`, `${member} is the primary the Sentinels agree on`, {
          member,
          cause: 'is_primary',
          primary,
        })
      const before = await replicationOf(handle, member)
      if (before.error !== null)
        return failedOn(handle, member, 'unreachable', `${member} does not answer`, before.error, { primary })
      if (replicatesFrom(handle, before, primary))
        return ok(`${member} already replicates from ${primary} with its link up`, { member, primary, changed: false })
      if (!(await repoint(handle, member, primary)))
        return failedOn(handle, member, 'refused', `${member} refused REPLICAOF ${primary}`, 'REPLICAOF failed', {
          primary,
        })
      ctx.log('replica re-pointed', { member, primary, was_port: before.master_port })
      const linked = await waitFor(ctx, REPLICAOF_LINK_TIMEOUT_MS, async () => {
        const r = await replicationOf(handle, member)
        return replicatesFrom(handle, r, primary) ? r : null
      })
      if (linked === null) {
        const r = await replicationOf(handle, member)
        const seen = r.error ?? `role ${r.role}, link ${r.link_up ? 'up' : 'down'}`
        return failedOn(
          handle,
          member,
          'link_down',
          `${member} points at ${primary} but its link is not up within ${REPLICAOF_LINK_TIMEOUT_MS / 1000} s`,
          seen,
          { primary },
        )
      }
      return ok(`${member} replicates from ${primary} again, link up`, {
        member,
        primary,
        changed: true,
        was: { role: before.role, master_port: before.master_port, link_up: before.link_up },
      })
    },
  })
}
