/**
 * host_kill_process: stop one host process the way a careful person would.
 * Refuses low PIDs (below 300: init, kernel threads, early system daemons),
 * kernel threads and the operator's own processes; checks with signal 0 that the process
 * exists; sends SIGTERM, waits up to the grace period, then SIGKILL; reports
 * whether it escalated and the final state. Before each signal it checks
 * that the pid still names the same process (start time from /proc), so a
 * pid the kernel has since reused is never hit.
 */

import { z } from 'zod'
import { actionSpec } from '../../core/action.js'
import type { ActionContext, ActionDefinition, ActionResult } from '../../core/subject.js'
import { type OwnProcessRule, ownProcessRule, type SelfProcess } from './own-processes.js'
import type { ProcessControl } from './process-control.js'
import { failed, ok, refused } from './results.js'

/** PIDs below this are never signalled. */
export const MIN_KILLABLE_PID = 300
export const DEFAULT_GRACE_MS = 5000
/** How long to wait for the kernel to reap a SIGKILLed process before calling it stuck. */
export const KILL_WAIT_MS = 2000
const POLL_MS = 100
/** Linux's largest pid_max. */
const MAX_PID = 4_194_304

export const KillProcessParams = z.strictObject({
  pid: z.number().int().min(1).max(MAX_PID),
  grace_ms: z.number().int().min(0).max(60_000).default(DEFAULT_GRACE_MS),
})
export type KillProcessParams = z.infer<typeof KillProcessParams>

export interface KillProcessDeps {
  processes: ProcessControl
  /** The process running the action; its pid and ancestors are refused. */
  self: SelfProcess
  /** Command-line substrings that mark an operator process (default: the CLI entry point). */
  markers?: readonly string[]
}

export type KillRefusal = 'low_pid' | 'kernel_thread' | OwnProcessRule | 'unverifiable'

/** kthreadd, the parent of every kernel thread. */
const KTHREADD_PID = 2

/** What became of the process: gone, a zombie waiting for its parent (also dead), or still there. */
type Liveness = 'exited' | 'zombie' | 'running'

function liveness(control: ProcessControl, pid: number, startTime: number): Liveness {
  const info = control.inspect(pid)
  if (info === null || info.startTime !== startTime) return 'exited'
  if (info.state === 'Z' || info.state === 'X' || info.state === 'x') return 'zombie'
  return 'running'
}

/** Polls until the process is no longer running or the time is up; returns what it last saw. */
async function waitForExit(
  control: ProcessControl,
  pid: number,
  startTime: number,
  ms: number,
  ctx: ActionContext,
): Promise<Liveness> {
  const deadline = ctx.clock.now() + ms
  for (;;) {
    const now = liveness(control, pid, startTime)
    if (now !== 'running' || ctx.clock.now() >= deadline) return now
    await ctx.clock.sleep(Math.min(POLL_MS, Math.max(1, deadline - ctx.clock.now())), ctx.signal)
  }
}

export const HOST_KILL_PROCESS = actionSpec({
  name: 'host_kill_process',
  kind: 'host',
  description:
    'Stop a host process: SIGTERM, wait up to grace_ms (default 5000), then SIGKILL. Low PIDs and the operator’s own processes are refused.',
  params: KillProcessParams,
  risk: 'high',
  tier: 3,
})

export function killProcessAction(deps: KillProcessDeps): ActionDefinition<KillProcessParams> {
  const control = deps.processes
  return {
    ...HOST_KILL_PROCESS,
    async run({ pid, grace_ms }, ctx): Promise<ActionResult> {
      ctx.signal.throwIfAborted()
      const what = `kill pid ${pid}`
      if (pid < MIN_KILLABLE_PID)
        return refused(what, 'low_pid', `pids below ${MIN_KILLABLE_PID} belong to init and system daemons`, { pid })
      const info = control.inspect(pid)
      const own = ownProcessRule(pid, info, deps.self, control, deps.markers)
      if (own !== null) return refused(what, own.rule, own.reason, { pid })
      if (info !== null && info.ppid === KTHREADD_PID)
        return refused(what, 'kernel_thread', `pid ${pid} (${info.comm}) is a kernel thread`, { pid })

      const probe = control.signal(pid, 0)
      if (probe === 'no_such_process')
        return failed(`no such process: ${pid}`, `no process has pid ${pid}`, { pid, final_state: 'exited' })
      if (probe === 'not_permitted')
        return failed(`not permitted to signal pid ${pid}`, 'the operator may not signal this process (EPERM)', {
          pid,
          comm: info?.comm ?? null,
        })
      if (info === null)
        return refused(
          what,
          'unverifiable',
          `pid ${pid} exists but /proc/${pid} cannot be read, so it cannot be told from an operator process`,
          { pid },
        )
      if (info.state === 'Z')
        return failed(`no such process: ${pid} has already exited`, `pid ${pid} is a zombie waiting for its parent`, {
          pid,
          comm: info.comm,
          final_state: 'zombie',
        })

      const startTime = info.startTime
      const base = { pid, comm: info.comm, grace_ms }
      const started = ctx.clock.now()
      const term = control.signal(pid, 'SIGTERM')
      if (term === 'no_such_process')
        return ok(`pid ${pid} (${info.comm}) exited before SIGTERM`, {
          ...base,
          escalated: false,
          signals: [],
          final_state: 'exited',
          waited_ms: 0,
        })
      if (term === 'not_permitted')
        return failed(`not permitted to signal pid ${pid}`, 'SIGTERM was refused (EPERM)', {
          ...base,
          escalated: false,
        })
      // A stopped process acts on SIGTERM only once it runs again.
      if (info.state === 'T') control.signal(pid, 'SIGCONT')
      ctx.log('SIGTERM sent', { pid, comm: info.comm, grace_ms })

      const afterTerm = await waitForExit(control, pid, startTime, grace_ms, ctx)
      if (afterTerm !== 'running') {
        const details = {
          ...base,
          escalated: false,
          signals: ['SIGTERM'],
          final_state: afterTerm,
          waited_ms: ctx.clock.now() - started,
        }
        return ok(`pid ${pid} (${info.comm}) exited on SIGTERM`, details)
      }

      const kill = liveness(control, pid, startTime) === 'running' ? control.signal(pid, 'SIGKILL') : 'no_such_process'
      if (kill === 'not_permitted')
        return failed(`not permitted to SIGKILL pid ${pid}`, 'SIGKILL was refused (EPERM)', {
          ...base,
          escalated: true,
          final_state: 'running',
        })
      ctx.log('SIGKILL sent', { pid, comm: info.comm, after_ms: ctx.clock.now() - started })
      const afterKill = await waitForExit(control, pid, startTime, KILL_WAIT_MS, ctx)
      const details = {
        ...base,
        escalated: true,
        signals: ['SIGTERM', 'SIGKILL'],
        final_state: afterKill,
        waited_ms: ctx.clock.now() - started,
      }
      if (afterKill === 'running') {
        return failed(
          `pid ${pid} (${info.comm}) is still running after SIGKILL`,
          `it did not exit within ${KILL_WAIT_MS} ms of SIGKILL (uninterruptible sleep?)`,
          details,
        )
      }
      return ok(`pid ${pid} (${info.comm}) ignored SIGTERM for ${grace_ms} ms and was killed with SIGKILL`, details)
    },
  }
}
