/**
 * What the actions and faults of one opened ratelimiter run share: where the
 * run lives, its record, a way to open one short-lived Redis connection to a
 * node or Sentinel by port, the runtime that signals and restarts its
 * processes, and the log. Narrow interfaces, so unit tests can pass fakes.
 */
import type { SubjectDeps } from '../../src/core/subject.js'
import type { ProcessState } from './observation.js'
import type { WithRedis } from './redis-admin.js'
import type { RatelimiterRunRecord } from './runtime/run-record.js'

/** What actions and faults need of the runtime (runtime/index.ts, adapted in open.ts). */
export interface NodeRuntime {
  /** Sends a signal to a member's recorded process; throws an OperatorError when none is alive. */
  signal(member: string, signal: 'SIGKILL' | 'SIGSTOP' | 'SIGCONT'): Promise<{ summary: string; pid: number | null }>
  /** Restarts a member (a paused one is resumed first); resolves once its new process is spawned. */
  restart(member: string, signal: AbortSignal): Promise<{ was: ProcessState; pid: number | null }>
  /** The member's process as /proc shows it now. */
  state(member: string): ProcessState
  /** The decisive last lines of the member's own log, unredacted; [] when there is none. */
  logTail(member: string, lines: number): Promise<string[]>
}

export interface RatelimiterHandle {
  home: string
  run_id: string
  run: RatelimiterRunRecord
  /** Runs `use` on a fresh connection to 127.0.0.1:port, closed after; rejects when it cannot connect in time. */
  redis: WithRedis
  runtime: NodeRuntime
  /** GET on an app's loopback port, with a deadline; the app's /health and /hit. */
  http: (port: number, path: string, signal: AbortSignal) => Promise<{ status: number; body: string }>
  log: SubjectDeps['log']
}

/** The port of a member of the run; throws when the run has no such member. */
export function portOf(handle: Pick<RatelimiterHandle, 'run'>, member: string): number {
  const node = handle.run.nodes.find((n) => n.name === member)
  if (node === undefined) throw new Error(`run ${handle.run.run_id} has no member ${member}`)
  return node.port
}

/** The member listening on a port, or null when none of the run's does. */
export function memberAt(handle: Pick<RatelimiterHandle, 'run'>, port: number): string | null {
  return handle.run.nodes.find((n) => n.port === port)?.name ?? null
}

/** The run's members of one kind, in record order. */
export function membersOf(handle: Pick<RatelimiterHandle, 'run'>, kind: 'redis' | 'sentinel' | 'app'): string[] {
  return handle.run.nodes.filter((n) => n.kind === kind).map((n) => n.name)
}
