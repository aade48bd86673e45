/**
 * The member-runtime seam: what faults, actions, the observer and `cluster
 * status` need from whatever runs the members, local processes or Docker
 * containers, so that each of them works the same on both runtimes.
 */
import type { Clock } from '../../../src/core/clock.js'
import { OperatorError } from '../../../src/core/errors.js'
import type { ProcessState } from '../observation.js'

/** What the runtime sees of one member right now. */
export interface MemberView {
  process: ProcessState
  /** The member's process (for a container, its main process); null when it is not running. */
  pid: number | null
  /** Docker only: the member's container. */
  container?: string
  /** Docker only: the networks the container is attached to. */
  networks?: string[]
  /**
   * What runs now, beyond its pid: `<pid>@<start time>` of a process, `<container id>@<started at>`
   * of a container; absent when it is not running. A restart compares it with what it started.
   */
  instance?: string
}

/** What a kill, pause, resume, partition or heal did, for the fault's result. */
export interface MemberOpResult {
  summary: string
  details: Record<string, unknown>
  /** False when the member already was in the state asked for. */
  changed: boolean
}

/** What a restart did. */
export interface RestartOptions {
  /**
   * A member found running but not yet serving, started moments ago (by a
   * person, a fault's start, another agent), is left alone to come up: the
   * restart returns it as it is, for the caller to wait for (process runtime).
   */
  leaveStarting?: boolean
}

export interface MemberRestart {
  /** The process state before the restart. */
  was: ProcessState
  pid: number | null
  /** What this restart started (see MemberView.instance); null when the runtime could not see it running. */
  instance: string | null
  /** Where this start's log begins, for logExcerpt: a byte offset of the log file, or unix seconds for a container. */
  log_since: number
  /** Where to look next (log file, container), for the action's result. */
  details: Record<string, unknown>
}

/**
 * One run's members as its runtime drives them. Operations that cannot apply
 * (no live member to kill, a partition on the process runtime) throw an
 * OperatorError with the fix; a name that is not a member throws 'usage'.
 */
export interface MemberRuntime {
  kind: 'process' | 'docker' | 'attached'
  view(name: string): Promise<MemberView>
  /** SIGKILL the process / kill the container: it stays down until restarted. */
  kill(name: string): Promise<MemberOpResult>
  /** SIGSTOP / docker pause: it keeps its sockets and answers nothing. */
  pause(name: string): Promise<MemberOpResult>
  /** SIGCONT / docker unpause. */
  resume(name: string): Promise<MemberOpResult>
  /**
   * Restarts the member from its data (a paused one is resumed first). Once
   * the stop has begun it runs to the start whatever the signal says, so a
   * member is never left stopped halfway through.
   */
  restart(name: string, clock: Clock, signal?: AbortSignal, options?: RestartOptions): Promise<MemberRestart>
  /** Docker only: disconnects the member from the peer network. */
  partition(name: string): Promise<MemberOpResult>
  /** Docker only: reconnects the member to the peer network. */
  heal(name: string): Promise<MemberOpResult>
  /** The last meaningful line of the member's log; '' when there is none. */
  logTail(name: string): Promise<string>
  /**
   * The decisive lines of the member's log (warnings and errors, redacted)
   * since `since` (a MemberRestart's log_since); [] when there are none.
   */
  logExcerpt(name: string, since: number): Promise<string[]>
  /**
   * What a restart started died: stop naming it as the member's (process:
   * its pid record is removed, if it still names that instance; docker: the
   * container shows exited by itself).
   */
  forget(name: string, instance: string): Promise<void>
}

/** The one-line refusal of a docker-only operation on a run of local processes. */
export function dockerOnlyError(runId: string, what: string): OperatorError {
  return new OperatorError(
    'usage',
    `${what} needs the docker runtime: run ${runId} runs its members as local processes, with no peer network to cut`,
    'start a cluster with `operator cluster up --runtime docker`',
  )
}
