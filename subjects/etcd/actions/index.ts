/**
 * The actions the agent may propose for an etcd run. Operational failures
 * come back as 'failed' results; an abort of ctx.signal rejects with its reason.
 */
import type { ActionDefinition } from '../../../src/core/subject.js'
import type { EtcdHandle } from '../handle.js'
import { compactRevisionsAction } from './compact-revisions.js'
import { defragmentMemberAction } from './defragment-member.js'
import { disarmAlarmAction } from './disarm-alarm.js'
import { restartMemberAction } from './restart-member.js'
import { transferLeaderAction } from './transfer-leader.js'

export function etcdActions(handle: EtcdHandle): ActionDefinition<unknown>[] {
  return [
    transferLeaderAction(handle),
    restartMemberAction(handle),
    defragmentMemberAction(handle),
    compactRevisionsAction(handle),
    disarmAlarmAction(handle),
  ]
}
