/** The faults that scenarios and the TUI can inject into an etcd run. */
import type { FaultDefinition } from '../../../src/core/subject.js'
import type { EtcdHandle } from '../handle.js'
import { fillQuotaFault } from './fill-quota.js'
import { moveLeaderAwayFault } from './move-leader-away.js'
import { killMemberFault, pauseMemberFault, resumeMemberFault } from './signal-member.js'

export function etcdFaults(handle: EtcdHandle): FaultDefinition[] {
  return [killMemberFault(handle), pauseMemberFault(handle), resumeMemberFault(handle), fillQuotaFault(handle), moveLeaderAwayFault(handle)]
}
