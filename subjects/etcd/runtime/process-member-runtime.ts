/**
 * The process runtime behind the member-runtime seam: signals to the
 * recorded pid (never to a pid the kernel has given to another process),
 * restarts from the data dir, state from /proc. It has no peer network, so
 * partitions are refused with the fix.
 */
import { OperatorError } from '../../../src/core/errors.js'
import { decisiveLines } from './log-excerpt.js'
import { logSince, logTail } from './log-tail.js'
import { signalRecorded } from './member-process.js'
import type { MemberOpResult, MemberRuntime } from './member-runtime.js'
import { dockerOnlyError } from './member-runtime.js'
import { recordedProcessState } from './proc-stat.js'
import { restartMemberProcess } from './restart-member.js'
import { memberLogFile } from './run-paths.js'
import type { MemberRecord } from './run-records.js'
import { readMemberRecord, removeMemberRecord } from './run-records.js'

/** A recorded process beyond its pid: `<pid>@<start time>`. */
export function processInstance(record: Pick<MemberRecord, 'pid' | 'start_time'>): string {
  return `${record.pid}@${record.start_time}`
}

function signalMember(
  home: string,
  runId: string,
  member: string,
  signal: NodeJS.Signals,
  verb: string,
): MemberOpResult {
  const record = readMemberRecord(home, runId, member)
  if (record === null || !signalRecorded(record, signal)) {
    throw new OperatorError(
      'conflict',
      `${member} has no live process to ${verb} (exited, or its pid now belongs to another process)`,
      `bring it back with the restart_member action (member ${member})`,
    )
  }
  return {
    summary: `${signal} sent to ${member} (pid ${record.pid})`,
    details: { pid: record.pid, signal },
    changed: true,
  }
}

export function processMemberRuntime(home: string, runId: string): MemberRuntime {
  return {
    kind: 'process',
    async view(name) {
      let record: MemberRecord | null
      try {
        record = readMemberRecord(home, runId, name)
      } catch {
        // An unreadable pid record names no process we may trust.
        return { process: 'exited', pid: null }
      }
      const state = record === null ? 'exited' : recordedProcessState(record.pid, record.start_time)
      if (record === null || state === 'exited') return { process: state, pid: null }
      return { process: state, pid: record.pid, instance: processInstance(record) }
    },
    kill: async (name) => signalMember(home, runId, name, 'SIGKILL', 'kill'),
    pause: async (name) => signalMember(home, runId, name, 'SIGSTOP', 'pause'),
    resume: async (name) => signalMember(home, runId, name, 'SIGCONT', 'resume'),
    async restart(name, clock, signal, options) {
      const restarted = await restartMemberProcess(home, runId, name, clock, signal, options?.leaveStarting === true)
      const { was, record, logOffset, freshStartMs } = restarted
      const fresh = freshStartMs === undefined ? {} : { started_elsewhere_ms_ago: freshStartMs }
      return {
        was,
        pid: record.pid,
        instance: processInstance(record),
        log_since: logOffset,
        details: { pid: record.pid, log_file: record.log_file, data_dir: record.data_dir, ...fresh },
      }
    },
    partition: async () => {
      throw dockerOnlyError(runId, 'partition_member')
    },
    heal: async () => {
      throw dockerOnlyError(runId, 'heal_partition')
    },
    logTail: async (name) => logTail(memberLogFile(home, runId, name)),
    logExcerpt: async (name, since) => decisiveLines(logSince(memberLogFile(home, runId, name), since)),
    async forget(name, instance) {
      const record = readMemberRecord(home, runId, name)
      // Never drops a live process: `down` must still find whatever runs.
      if (record === null || processInstance(record) !== instance) return
      if (recordedProcessState(record.pid, record.start_time) === 'exited') removeMemberRecord(home, runId, name)
    },
  }
}
