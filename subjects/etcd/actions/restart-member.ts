/**
 * restart_member: restart one member's process from its data dir (SIGCONT,
 * SIGTERM, SIGKILL if needed, start), then wait until it answers status.
 */
import { z } from 'zod'
import { errorMessage } from '../../../src/core/errors.js'
import { RESTART_READY_TIMEOUT_MS } from '../defaults.js'
import { describeError } from '../grpc-errors.js'
import type { EtcdHandle } from '../handle.js'
import { logTail } from '../runtime/log-tail.js'
import { restartMemberProcess } from '../runtime/restart-member.js'
import type { RestartOutcome } from '../runtime/restart-member.js'
import { MemberNameSchema, defineAction, failed, ok } from './define.js'

export function restartMemberAction(handle: EtcdHandle) {
  return defineAction({
    name: 'restart_member',
    kind: 'subject',
    description: 'Restart one member process from its data dir (resumes a paused one), then wait until it answers status.',
    params: z.strictObject({ member: MemberNameSchema }),
    risk: 'medium',
    tier: 2,
    async run({ member }, ctx) {
      let outcome: RestartOutcome
      try {
        outcome = await restartMemberProcess(handle.home, handle.run_id, member, ctx.clock, ctx.signal)
      } catch (err) {
        if (ctx.signal.aborted) throw err
        return failed(`could not restart ${member}`, errorMessage(err))
      }
      ctx.log('member restarted', { member, was: outcome.was, pid: outcome.record.pid })
      const details = { member, was: outcome.was, pid: outcome.record.pid, log_file: outcome.record.log_file }
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
          const tail = logTail(outcome.record.log_file)
          return failed(`restarted ${member} but it did not answer within ${RESTART_READY_TIMEOUT_MS / 1000} s`, `${lastError}${tail !== '' ? `; log: ${tail}` : ''}`, details)
        }
        await ctx.clock.sleep(200, ctx.signal)
      }
    },
  })
}
