/**
 * Restarts one member's process from its data dir: SIGCONT, SIGTERM, wait,
 * SIGKILL if needed, start again, rewrite the pid record. Once the stop has
 * begun the section runs to the start regardless of any abort, so a member is
 * never left stopped halfway through a restart.
 */
import type { Clock } from '../../../src/core/clock.js'
import { OperatorError } from '../../../src/core/errors.js'
import { etcdBinary, STOP_GRACE_MS } from '../defaults.js'
import type { ProcessState } from '../observation.js'
import { memberLaunch } from './member-launch.js'
import { startMember, stopRecorded } from './member-process.js'
import { recordedProcessState } from './proc-stat.js'
import type { MemberRecord } from './run-records.js'
import { readMemberRecord, readRunRecord, writeMemberRecord } from './run-records.js'

export interface RestartOutcome {
  /** The process state before the restart. */
  was: ProcessState
  record: MemberRecord
}

export async function restartMemberProcess(
  home: string,
  runId: string,
  name: string,
  clock: Clock,
  signal?: AbortSignal,
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
  // From here on the abort signal is deliberately ignored until the start is issued.
  if (old !== null) await stopRecorded(old, clock, STOP_GRACE_MS)
  const record = await startMember(memberLaunch(home, run, member, 'existing'), etcdBinary(), clock.now())
  writeMemberRecord(home, runId, record)
  return { was, record }
}
