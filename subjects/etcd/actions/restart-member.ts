/**
 * restart_member: restart one member through its runtime (process: SIGCONT,
 * SIGTERM, SIGKILL if needed, start from its data dir; docker: unpause, back
 * on the peer network, restart the container), then wait until it answers
 * status.
 */
import { z } from 'zod'
import { actionSpec } from '../../../src/core/action.js'
import { errorMessage } from '../../../src/core/errors.js'
import { RESTART_READY_TIMEOUT_MS } from '../defaults.js'
import { describeError } from '../grpc-errors.js'
import type { EtcdHandle } from '../handle.js'
import type { MemberRestart } from '../runtime/member-runtime.js'
import { defineAction, failed, MemberNameSchema, ok } from './define.js'

export const RESTART_MEMBER = actionSpec({
  name: 'restart_member',
  kind: 'subject',
  description:
    'Restart one member, then wait until it answers status: a process from its data dir (a paused one is resumed first), ' +
    'a container unpaused and put back on the peer network.',
  params: z.strictObject({ member: MemberNameSchema }),
  risk: 'medium',
  tier: 2,
})

export function restartMemberAction(handle: EtcdHandle) {
  return defineAction({
    ...RESTART_MEMBER,
    async run({ member }, ctx) {
      let outcome: MemberRestart
      try {
        outcome = await handle.runtime.restart(member, ctx.clock, ctx.signal)
      } catch (err) {
        if (ctx.signal.aborted) throw err
        return failed(`could not restart ${member}`, errorMessage(err))
      }
      ctx.log('member restarted', { member, was: outcome.was, pid: outcome.pid })
      const details = { member, was: outcome.was, ...outcome.details }
      const client = handle.clients.get(member)
      const until = ctx.clock.now() + RESTART_READY_TIMEOUT_MS
      let lastError = ''
      for (;;) {
        try {
          const status = await client.maintenance.status()
          return ok(`restarted ${member} (was ${outcome.was}); it answers status (term ${status.raftTerm})`, details)
        } catch (err) {
          lastError = describeError(err)
        }
        if (ctx.clock.now() >= until) {
          const tail = await handle.runtime.logTail(member)
          return failed(
            `restarted ${member} but it did not answer within ${RESTART_READY_TIMEOUT_MS / 1000} s`,
            `${lastError}${tail !== '' ? `; log: ${tail}` : ''}`,
            details,
          )
        }
        await ctx.clock.sleep(200, ctx.signal)
      }
    },
  })
}
