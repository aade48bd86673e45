/** The faults that scenarios and the TUI can inject into an etcd run. */
import type { FaultDefinition } from '../../../src/core/subject.js'
import type { EtcdHandle } from '../handle.js'
import { fillQuotaFault } from './fill-quota.js'
import { moveLeaderAwayFault } from './move-leader-away.js'
import { healPartitionFault, partitionMemberFault } from './partition.js'
import { killMemberFault, pauseMemberFault, resumeMemberFault, startMemberFault } from './signal-member.js'

/** Every fault on both runtimes; the partition faults refuse on the process runtime with the fix. */
export function etcdFaults(handle: EtcdHandle): FaultDefinition[] {
  return [
    killMemberFault(handle),
    pauseMemberFault(handle),
    resumeMemberFault(handle),
    startMemberFault(handle),
    fillQuotaFault(handle),
    moveLeaderAwayFault(handle),
    partitionMemberFault(handle),
    healPartitionFault(handle),
  ]
}
