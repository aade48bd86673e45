/**
 * restart_member: restart one member through its runtime (process: SIGCONT,
 * SIGTERM, SIGKILL if needed, start from its data dir; docker: unpause, back
 * on the peer network, restart the container), then wait until it answers
 * status.
 */
import { z } from 'zod'
import { errorMessage } from '../../../src/core/errors.js'
import { RESTART_READY_TIMEOUT_MS } from '../defaults.js'
import { describeError } from '../grpc-errors.js'
import type { EtcdHandle } from '../handle.js'
import type { MemberRestart } from '../runtime/member-runtime.js'
import { MemberNameSchema, defineAction, failed, ok } from './define.js'

export function restartMemberAction(handle: EtcdHandle) {
  return defineAction({
    name: 'restart_member',
    kind: 'subject',
    description:
      handle.runtime.kind === 'docker'
        ? "Restart one member's container (unpauses a paused one and puts it back on the peer network), then wait until it answers status."
        : 'Restart one member process from its data dir (resumes a paused one), then wait until it answers status.',
    params: z.strictObject({ member: MemberNameSchema }),
    risk: 'medium',
    tier: 2,
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
