/**
 * Docker runtime faults on the peer network: partition_member disconnects a
 * member's container from it (the member keeps running and answering its
 * clients on the client network, but reaches no peer); heal_partition
 * reconnects the named member, or every member cut off when none is named.
 * On the process runtime both refuse in one line with the fix.
 */
import type { FaultDefinition, FaultTarget } from '../../../src/core/subject.js'
import type { EtcdHandle } from '../handle.js'
import { dockerOnlyError } from '../runtime/member-runtime.js'
import { resolveTarget } from './resolve-target.js'

export function partitionMemberFault(handle: EtcdHandle): FaultDefinition {
  return {
    name: 'partition_member',
    description:
      'Docker runtime: disconnect a member from the peer network (it still runs and answers clients, but cannot reach its peers)',
    targeted: true,
    async inject(target, ctx) {
      ctx.signal.throwIfAborted()
      // Refuse on the process runtime before asking any member who leads.
      if (handle.runtime.kind !== 'docker') throw dockerOnlyError(handle.run_id, 'partition_member')
      const member = await resolveTarget(handle, target, 'partition_member')
      const done = await handle.runtime.partition(member)
      ctx.log('member partitioned', { member, ...done.details })
      return { fault: 'partition_member', targets: [member], summary: done.summary, details: done.details }
    },
  }
}

async function healTargets(handle: EtcdHandle, target: FaultTarget): Promise<string[]> {
  if (target.kind === 'none') return handle.clients.names
  return [await resolveTarget(handle, target, 'heal_partition')]
}

export function healPartitionFault(handle: EtcdHandle): FaultDefinition {
  return {
    name: 'heal_partition',
    description: 'Docker runtime: reconnect a member (default: every member cut off) to the peer network',
    targeted: false,
    async inject(target, ctx) {
      ctx.signal.throwIfAborted()
      if (handle.runtime.kind !== 'docker') throw dockerOnlyError(handle.run_id, 'heal_partition')
      const members = await healTargets(handle, target)
      const healed: string[] = []
      for (const member of members) {
        if ((await handle.runtime.heal(member)).changed) healed.push(member)
      }
      ctx.log('partition healed', { members: healed })
      const summary =
        healed.length > 0
          ? `reconnected ${healed.join(', ')} to the peer network`
          : 'no member was cut off the peer network'
      return { fault: 'heal_partition', targets: healed, summary, details: { reconnected: healed } }
    },
  }
}
