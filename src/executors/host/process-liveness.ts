/**
 * Whether a signalled process is still there: gone, a zombie waiting for its
 * parent (also dead), or still running — always for the same process (pid and
 * start time), never for a later one given the same pid.
 */
import type { ActionContext } from '../../core/subject.js'
import type { ProcessControl } from './process-control.js'

export type Liveness = 'exited' | 'zombie' | 'running'

const POLL_MS = 100

export function liveness(control: ProcessControl, pid: number, startTime: number): Liveness {
  const info = control.inspect(pid)
  if (info === null || info.startTime !== startTime) return 'exited'
  if (info.state === 'Z' || info.state === 'X' || info.state === 'x') return 'zombie'
  return 'running'
}

/** Polls until the process is no longer running or the time is up; returns what it last saw. */
export async function waitForExit(
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
