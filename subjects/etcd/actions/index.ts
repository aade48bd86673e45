/**
 * The actions the agent may propose for an etcd run. Operational failures
 * come back as 'failed' results; an abort of ctx.signal rejects with its reason.
 * On the docker runtime the catalogue also holds docker_network_connect,
 * scoped to this run's own containers and networks.
 */
import type { ActionDefinition } from '../../../src/core/subject.js'
import type { EtcdHandle } from '../handle.js'
import { compactRevisionsAction } from './compact-revisions.js'
import { defragmentMemberAction } from './defragment-member.js'
import { disarmAlarmAction } from './disarm-alarm.js'
import { runNetworkConnectAction } from './docker-network-connect.js'
import { restartMemberAction } from './restart-member.js'
import { transferLeaderAction } from './transfer-leader.js'

export function etcdActions(handle: EtcdHandle): ActionDefinition<unknown>[] {
  const actions = [
    transferLeaderAction(handle),
    restartMemberAction(handle),
    defragmentMemberAction(handle),
    compactRevisionsAction(handle),
    disarmAlarmAction(handle),
  ] as ActionDefinition<unknown>[]
  if (handle.run.runtime === 'docker' && handle.engine !== undefined)
    actions.push(runNetworkConnectAction(handle.run.run_id, handle.engine) as ActionDefinition<unknown>)
  return actions
}
