/**
 * Restarts one member's process from its data dir: SIGCONT, SIGTERM, wait,
 * SIGKILL if needed, start again, rewrite the pid record (and note where this
 * start's log lines begin). Once the stop has begun the section runs to the
 * start regardless of any abort, so a member is never left stopped halfway
 * through a restart.
 */
import type { Clock } from '../../../src/core/clock.js'
import { OperatorError } from '../../../src/core/errors.js'
import { etcdBinary, STOP_GRACE_MS } from '../defaults.js'
import type { ProcessState } from '../observation.js'
import { logSize } from './log-tail.js'
import { memberLaunch } from './member-launch.js'
import { startMember, stopRecorded } from './member-process.js'
import { recordedProcessState } from './proc-stat.js'
import type { MemberRecord } from './run-records.js'
import { readMemberRecord, readRunRecord, writeMemberRecord } from './run-records.js'

export interface RestartOutcome {
  /** The process state before the restart. */
  was: ProcessState
  record: MemberRecord
  /** The size of the member's log before the start: this start's lines follow it. */
  logOffset: number
  /**
   * Set when the member was found started moments ago (by a person, a fault's
   * start, another agent): that process is left alone and waited for, not
   * stopped and started again while it comes up. How long ago it started, ms.
   */
  freshStartMs?: number
}

/** A member started this recently and not serving yet is still coming up: a restart may wait for it instead of stopping it. */
export const FRESH_START_MS = 10_000

export async function restartMemberProcess(
  home: string,
  runId: string,
  name: string,
  clock: Clock,
  signal?: AbortSignal,
  leaveStarting = false,
): Promise<RestartOutcome> {
  const run = readRunRecord(home, runId)
  const member = run.members.find((m) => m.name === name)
  if (member === undefined) {
    throw new OperatorError(
      'usage',
      `"${name}" is not a member of run ${runId}`,
      `use one of ${run.members.map((m) => m.name).join(', ')}`,
    )
  }
  signal?.throwIfAborted()
  const old = readMemberRecord(home, runId, name)
  const was = old === null ? 'exited' : recordedProcessState(old.pid, old.start_time)
  const age = old === null ? Number.POSITIVE_INFINITY : clock.now() - old.started_at
  if (leaveStarting && old !== null && was === 'running' && age >= 0 && age < FRESH_START_MS)
    return { was, record: old, logOffset: logSize(old.log_file), freshStartMs: age }
  // From here on the abort signal is deliberately ignored until the start is issued.
  if (old !== null) await stopRecorded(old, clock, STOP_GRACE_MS)
  const launch = memberLaunch(home, run, member, 'existing')
  const logOffset = logSize(launch.logFile)
  const record = await startMember(launch, etcdBinary(), clock.now())
  // Recorded while it lives, so that `down` can stop it; removed again (forget) if it dies at start.
  writeMemberRecord(home, runId, record)
  return { was, record, logOffset }
}
