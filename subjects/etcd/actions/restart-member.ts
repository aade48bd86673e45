/**
 * restart_member: restart one member through its runtime (process: SIGCONT,
 * SIGTERM, SIGKILL if needed, start from its data dir; docker: unpause, back
 * on the peer network, restart the container), then wait until what it
 * started serves as that member. It succeeds only then: the process (or
 * container) it started is alive and the member's endpoint answers as that
 * member. Otherwise it fails with the decisive lines of the member's own log
 * (redacted) and their cause, and no record names a dead process.
 */
import { z } from 'zod'
import { actionSpec } from '../../../src/core/action.js'
import { errorMessage } from '../../../src/core/errors.js'
import { RESTART_READY_TIMEOUT_MS } from '../defaults.js'
import type { EtcdHandle } from '../handle.js'
import type { MemberRestart } from '../runtime/member-runtime.js'
import { addressInUse, startFailureCause } from '../runtime/start-failure.js'
import { awaitServing } from './await-serving.js'
import { defineAction, failed, MemberNameSchema, ok } from './define.js'

export const RESTART_MEMBER = actionSpec({
  name: 'restart_member',
  kind: 'subject',
  description:
    'Restart one member, then wait until what it started serves as that member: a process from its data dir ' +
    '(a paused one is resumed first), a container unpaused and put back on the peer network. ' +
    'Fails with the member’s own log lines when it cannot start.',
  params: z.strictObject({
    member: MemberNameSchema,
    until: z
      .enum(['serving', 'running'])
      .default('serving')
      .describe(
        'serving (default): it answers as the member; running: it stays alive (the member cannot serve before a quorum is back)',
      ),
  }),
  risk: 'medium',
  tier: 2,
})

/** The evidence of a start that did not serve: the log's decisive lines, their cause, the address held by another process. */
function logEvidence(lines: string[]): Record<string, unknown> {
  const address = addressInUse(lines)
  return { cause: startFailureCause(lines), log_excerpt: lines, ...(address !== null ? { address } : {}) }
}

const logText = (lines: string[]) => (lines.length > 0 ? lines.join(' | ') : 'its log says nothing')

/** Running but not answering yet: maybe coming up from a start moments ago (the runtime tells by the start time). */
async function startingNotServing(handle: EtcdHandle, member: string): Promise<boolean> {
  const view = await handle.runtime.view(member).catch(() => null)
  if (view?.process !== 'running') return false
  return handle.clients
    .get(member)
    .maintenance.status()
    .then(
      () => false,
      () => true,
    )
}

export function restartMemberAction(handle: EtcdHandle) {
  return defineAction({
    ...RESTART_MEMBER,
    async run({ member, until }, ctx) {
      let started: MemberRestart
      try {
        started = await handle.runtime.restart(member, ctx.clock, ctx.signal, {
          leaveStarting: await startingNotServing(handle, member),
        })
      } catch (err) {
        if (ctx.signal.aborted) throw err
        return failed(`could not restart ${member}`, errorMessage(err))
      }
      const elsewhere = started.details.started_elsewhere_ms_ago
      // Found coming up from a start moments ago: that process was left alone, and what follows waits for it.
      const verb =
        typeof elsewhere === 'number'
          ? `found ${member} started ${Math.round(elsewhere)} ms ago, not restarted`
          : `restarted ${member}`
      ctx.log(typeof elsewhere === 'number' ? 'member already starting' : 'member restarted', {
        member,
        was: started.was,
        pid: started.pid,
      })
      const details = { member, was: started.was, ...started.details }
      const outcome = await awaitServing(handle.runtime, handle.clients, member, started, ctx, until)
      switch (outcome.kind) {
        case 'running':
          return ok(
            `${verb} (was ${started.was}); ${started.pid !== null ? `pid ${started.pid}` : 'it'} runs and waits for a quorum before it serves`,
            { ...details, until, last_error: outcome.last_error },
          )
        case 'serving':
          return ok(
            `${verb} (was ${started.was}); ${started.pid !== null ? `pid ${started.pid}` : 'it'} serves as ${member} (term ${outcome.term})`,
            { ...details, member_id: outcome.member_id },
          )
        case 'exited': {
          const last = outcome.lines.at(-1)
          return failed(
            `${member} did not stay up after the restart${last !== undefined ? `: ${last}` : ''}`,
            `${member} exited as it started; its log: ${logText(outcome.lines)}`,
            { ...details, pid: null, exited_pid: started.pid, ...logEvidence(outcome.lines) },
          )
        }
        case 'timeout': {
          const evidence = logEvidence(outcome.lines)
          return failed(
            `restarted ${member} but it did not serve as ${member} within ${RESTART_READY_TIMEOUT_MS / 1000} s`,
            `${outcome.last_error}; its log: ${logText(outcome.lines)}`,
            {
              ...details,
              ...evidence,
              cause: evidence.cause === 'unknown' ? 'not_serving' : evidence.cause,
              last_error: outcome.last_error,
            },
          )
        }
      }
    },
  })
}
