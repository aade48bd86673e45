/**
 * Faults that signal a member's process: kill_member (SIGKILL), pause_member
 * (SIGSTOP), resume_member (SIGCONT). Refuses when the recorded pid no longer
 * names the member's process (exited, or pid reused).
 */
import { OperatorError } from '../../../src/core/errors.js'
import type { FaultDefinition } from '../../../src/core/subject.js'
import type { EtcdHandle } from '../handle.js'
import { signalRecorded } from '../runtime/member-process.js'
import { readMemberRecord } from '../runtime/run-records.js'
import { resolveTarget } from './resolve-target.js'

function signalFault(handle: EtcdHandle, name: string, description: string, signal: NodeJS.Signals, verb: string): FaultDefinition {
  return {
    name,
    description,
    targeted: true,
    async inject(target, ctx) {
      ctx.signal.throwIfAborted()
      const member = await resolveTarget(handle, target, name)
      const record = readMemberRecord(handle.home, handle.run_id, member)
      if (record === null || !signalRecorded(record, signal)) {
        throw new OperatorError('conflict', `${member} has no live process to ${verb} (exited, or its pid now belongs to another process)`, `bring it back with the restart_member action (member ${member})`)
      }
      ctx.log(`member ${verb}`, { member, pid: record.pid, signal })
      return { fault: name, targets: [member], summary: `${signal} sent to ${member} (pid ${record.pid})`, details: { pid: record.pid, signal } }
    },
  }
}

export function killMemberFault(handle: EtcdHandle): FaultDefinition {
  return signalFault(handle, 'kill_member', 'SIGKILL a member process (it stays down until restarted)', 'SIGKILL', 'kill')
}

export function pauseMemberFault(handle: EtcdHandle): FaultDefinition {
  return signalFault(handle, 'pause_member', 'SIGSTOP a member process: it keeps its sockets but answers nothing', 'SIGSTOP', 'pause')
}

export function resumeMemberFault(handle: EtcdHandle): FaultDefinition {
  return signalFault(handle, 'resume_member', 'SIGCONT a paused member process', 'SIGCONT', 'resume')
}
