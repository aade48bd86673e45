/**
 * The signalling half of host_kill_process, once every refusal has passed:
 * SIGTERM (and SIGCONT for a stopped process), up to the grace period, then
 * SIGKILL. The result says truthfully which signals were sent and what
 * became of the process: exited after SIGTERM alone (escalated: false), only
 * after SIGKILL (escalated: true), or still running (failed). A zombie counts
 * as dead: it only waits for its parent to reap it.
 */
import type { ActionContext, ActionResult } from '../../core/subject.js'
import type { ProcessControl, ProcessInfo } from './process-control.js'
import { type Liveness, liveness, waitForExit } from './process-liveness.js'
import { failed, ok } from './results.js'

/** How long to wait for the kernel to reap a SIGKILLed process before calling it stuck. */
export const KILL_WAIT_MS = 2000

export async function terminate(
  control: ProcessControl,
  info: ProcessInfo,
  grace_ms: number,
  ctx: ActionContext,
): Promise<ActionResult> {
  const { pid, comm, startTime } = info
  const started = ctx.clock.now()
  const signals: string[] = []
  const details = (escalated: boolean, final_state: Liveness) => ({
    pid,
    comm,
    grace_ms,
    escalated,
    signals: [...signals],
    final_state,
    waited_ms: ctx.clock.now() - started,
  })
  const sigtermEnough = (final: Liveness, when: string) =>
    ok(
      `pid ${pid} (${comm}) exited after SIGTERM${when}${final === 'zombie' ? ' (a zombie until its parent reaps it)' : ''}`,
      details(false, final),
    )

  const term = control.signal(pid, 'SIGTERM')
  if (term === 'no_such_process') return ok(`pid ${pid} (${comm}) exited before SIGTERM`, details(false, 'exited'))
  if (term === 'not_permitted')
    return failed(`not permitted to signal pid ${pid}`, 'SIGTERM was refused (EPERM)', details(false, 'running'))
  signals.push('SIGTERM')
  // A stopped process acts on SIGTERM only once it runs again.
  if (info.state === 'T' && control.signal(pid, 'SIGCONT') === 'sent') signals.push('SIGCONT')
  ctx.log('SIGTERM sent', { pid, comm, grace_ms })

  const afterTerm = await waitForExit(control, pid, startTime, grace_ms, ctx)
  if (afterTerm !== 'running') return sigtermEnough(afterTerm, '')

  // It may exit between the end of the grace period and SIGKILL: then SIGTERM was enough after all.
  const beforeKill = liveness(control, pid, startTime)
  const kill = beforeKill === 'running' ? control.signal(pid, 'SIGKILL') : 'no_such_process'
  if (kill === 'no_such_process')
    return sigtermEnough(beforeKill === 'zombie' ? 'zombie' : 'exited', ', as the grace period ran out')
  if (kill === 'not_permitted')
    return failed(`not permitted to SIGKILL pid ${pid}`, 'SIGKILL was refused (EPERM)', details(true, 'running'))
  signals.push('SIGKILL')
  ctx.log('SIGKILL sent', { pid, comm, after_ms: ctx.clock.now() - started })

  const afterKill = await waitForExit(control, pid, startTime, KILL_WAIT_MS, ctx)
  if (afterKill === 'running')
    return failed(
      `pid ${pid} (${comm}) is still running after SIGKILL`,
      `it did not exit within ${KILL_WAIT_MS} ms of SIGKILL (uninterruptible sleep?)`,
      details(true, 'running'),
    )
  return ok(
    `pid ${pid} (${comm}) ignored SIGTERM for ${grace_ms} ms and was killed with SIGKILL`,
    details(true, afterKill),
  )
}
