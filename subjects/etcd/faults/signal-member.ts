/**
 * Faults on a member's process through its runtime: kill_member (SIGKILL /
 * docker kill), pause_member (SIGSTOP / docker pause), resume_member (SIGCONT
 * / docker unpause). Refuses when there is no live member to act on (exited,
 * or its pid now names another process).
 */
import type { FaultDefinition } from '../../../src/core/subject.js'
import type { EtcdHandle } from '../handle.js'
import type { MemberOpResult, MemberRuntime } from '../runtime/member-runtime.js'
import { resolveTarget } from './resolve-target.js'

type MemberOp = (runtime: MemberRuntime, member: string) => Promise<MemberOpResult>

function memberFault(
  handle: EtcdHandle,
  name: string,
  description: string,
  verb: string,
  op: MemberOp,
): FaultDefinition {
  return {
    name,
    description,
    targeted: true,
    async inject(target, ctx) {
      ctx.signal.throwIfAborted()
      const member = await resolveTarget(handle, target, name)
      const done = await op(handle.runtime, member)
      ctx.log(`member ${verb}`, { member, ...done.details })
      return { fault: name, targets: [member], summary: done.summary, details: done.details }
    },
  }
}

export function killMemberFault(handle: EtcdHandle): FaultDefinition {
  return memberFault(
    handle,
    'kill_member',
    'SIGKILL a member process, or kill its container (it stays down until restarted)',
    'kill',
    (r, m) => r.kill(m),
  )
}

export function pauseMemberFault(handle: EtcdHandle): FaultDefinition {
  return memberFault(
    handle,
    'pause_member',
    'SIGSTOP a member process, or docker pause its container: it keeps its sockets but answers nothing',
    'pause',
    (r, m) => r.pause(m),
  )
}

export function resumeMemberFault(handle: EtcdHandle): FaultDefinition {
  return memberFault(
    handle,
    'resume_member',
    'SIGCONT a paused member process, or docker unpause its container',
    'resume',
    (r, m) => r.resume(m),
  )
}

/**
 * start_member: the harness's undo of kill_member — start a member that is
 * down from its data dir (or restart its container), without waiting for it
 * to answer. Scenarios roll back their own faults with it, in any mode.
 */
export function startMemberFault(handle: EtcdHandle): FaultDefinition {
  return {
    name: 'start_member',
    description: 'Start a member that is down (the undo of kill_member), from its data dir or its container',
    targeted: true,
    async inject(target, ctx) {
      ctx.signal.throwIfAborted()
      const member = await resolveTarget(handle, target, 'start_member')
      const done = await handle.runtime.restart(member, ctx.clock, ctx.signal)
      ctx.log('member started', { member, was: done.was })
      const summary = `started ${member} (was ${done.was})`
      return { fault: 'start_member', targets: [member], summary, details: { member, was: done.was } }
    },
  }
}
