/**
 * `operator cluster down`: stops exactly the members of one run (never a reused pid)
 * and clears the current-run pointer if it names that run.
 */

import type { Clock } from '../../../src/core/clock.js'
import { systemClock } from '../../../src/core/clock.js'
import { STOP_GRACE_MS } from '../defaults.js'
import { signalRecorded, stopRecorded } from './member-process.js'
import type { MemberRecord } from './run-records.js'
import { clearCurrentRun, readMemberRecord, readRunRecord, resolveRunId } from './run-records.js'

/**
 * Stops members one at a time. In parallel, a stopping leader hands its
 * leadership to a follower that is itself going away and waits seconds for a
 * transfer that cannot finish; in turn, each leader hands over to a live
 * follower at once and the last member has no one left to wait for. Paused
 * members are resumed first so that none is chosen as a transferee while frozen.
 */
export async function stopMembers(records: readonly MemberRecord[], clock: Clock): Promise<string[]> {
  for (const record of records) signalRecorded(record, 'SIGCONT')
  const stopped: string[] = []
  for (const record of records) {
    if (await stopRecorded(record, clock, STOP_GRACE_MS)) stopped.push(record.name)
  }
  return stopped
}

export async function clusterDown(
  home: string,
  runId?: string,
  clock: Clock = systemClock,
): Promise<{ run_id: string; stopped: string[] }> {
  const id = resolveRunId(home, runId)
  const run = readRunRecord(home, id)
  const records = run.members
    .map((m) => readMemberRecord(home, id, m.name))
    .filter((r): r is MemberRecord => r !== null)
  const stopped = await stopMembers(records, clock)
  clearCurrentRun(home, id)
  return { run_id: id, stopped }
}
