/**
 * host_kill_process: stop one host process the way a careful person would.
 * Refuses low PIDs (below 300: init, kernel threads, early system daemons),
 * kernel threads, the operator's own processes and the processes a host
 * cannot lose (forbidden-processes.ts: the Docker engine, containerd, sshd,
 * journald, systemd…); checks with signal 0 that the process exists; sends
 * SIGTERM, waits up to the grace period, then SIGKILL; reports the signals it
 * really sent, whether SIGTERM was enough, and the final state. Before each
 * signal it checks that the pid still names the same process (start time
 * from /proc), so a pid the kernel has since reused is never hit.
 */

import { z } from 'zod'
import { actionSpec } from '../../core/action.js'
import type { ActionDefinition, ActionResult } from '../../core/subject.js'
import { forbiddenProcessMatch } from './forbidden-processes.js'
import { type OwnProcessRule, ownProcessRule, type SelfProcess } from './own-processes.js'
import type { ProcessControl } from './process-control.js'
import { failed, refused } from './results.js'
import { terminate } from './terminate.js'

export { KILL_WAIT_MS } from './terminate.js'

/** PIDs below this are never signalled. */
export const MIN_KILLABLE_PID = 300
export const DEFAULT_GRACE_MS = 5000
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

export type KillRefusal = 'low_pid' | 'kernel_thread' | OwnProcessRule | 'forbidden_process' | 'unverifiable'

/** kthreadd, the parent of every kernel thread. */
const KTHREADD_PID = 2

export const HOST_KILL_PROCESS = actionSpec({
  name: 'host_kill_process',
  kind: 'host',
  description:
    'Stop a host process: SIGTERM, wait up to grace_ms (default 5000), then SIGKILL. Low PIDs, the operator’s own processes and those a host cannot lose (dockerd, containerd, sshd, journald, systemd, forbidden services) are refused.',
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
      const forbidden = info === null ? null : forbiddenProcessMatch(info)
      if (info !== null && forbidden !== null)
        return refused(
          what,
          'forbidden_process',
          `pid ${pid} is ${forbidden.name} (its ${forbidden.by} matches the forbidden entry "${forbidden.entry}"): the host cannot lose it, so a person stops it by hand`,
          { pid, comm: info.comm, exe: info.exe, name: forbidden.name, matched: forbidden.entry },
        )

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

      return terminate(control, info, grace_ms, ctx)
    },
  }
}
