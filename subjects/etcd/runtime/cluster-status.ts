/**
 * `operator cluster status` for the process runtime: each member's pid and
 * process state from its pid record and /proc. Reads files only, so it works
 * from any terminal.
 */
import type { ClusterStatus, MemberStatus } from '../../../src/core/subject.js'
import { candidateRuns } from '../../../src/executors/local/run-listing.js'
import { SUBJECT_NAME } from '../defaults.js'
import type { ProcessState } from '../observation.js'
import { recordedProcessState } from './proc-stat.js'
import type { RunRecord } from './run-records.js'
import { readCurrentRun, readMemberRecord, readRunRecord, resolveRunId } from './run-records.js'

/** The member's process state; 'exited' when it has no valid pid record. */
export function memberProcessState(home: string, runId: string, name: string): ProcessState {
  try {
    const record = readMemberRecord(home, runId, name)
    return record === null ? 'exited' : recordedProcessState(record.pid, record.start_time)
  } catch {
    return 'exited'
  }
}

function memberStatus(home: string, run: RunRecord, member: RunRecord['members'][number]): MemberStatus {
  const record = readMemberRecord(home, run.run_id, member.name)
  const state = record === null ? 'exited' : recordedProcessState(record.pid, record.start_time)
  return {
    name: member.name,
    client_url: member.client_url,
    peer_url: member.peer_url,
    pid: record !== null && state !== 'exited' ? record.pid : null,
    state,
  }
}

export function clusterStatus(home: string, runId?: string): ClusterStatus {
  const run = readRunRecord(home, resolveRunId(home, runId))
  return {
    run_id: run.run_id,
    subject: SUBJECT_NAME,
    runtime: run.runtime,
    preferred: run.preferred,
    members: run.members.map((m) => memberStatus(home, run, m)),
  }
}

export function currentRun(home: string): string | null {
  return readCurrentRun(home)
}

/** Runs up under the home: attached and Docker runs until taken down; process runs with a member alive. */
export function liveRuns(home: string): string[] {
  return candidateRuns(home, SUBJECT_NAME).filter((id) => {
    try {
      const run = readRunRecord(home, id)
      return run.runtime !== 'process' || run.members.some((m) => memberProcessState(home, id, m.name) !== 'exited')
    } catch {
      return false
    }
  })
}
