/**
 * The etcd subject's own action catalogue, as data: what the agent may
 * propose for an etcd run, known without a cluster. Binding them to an open
 * run is etcdActions(handle); on the docker runtime that run also binds the
 * generic docker_network_connect to its own containers and networks.
 */
import type { ActionSpec } from '../../../src/core/action.js'
import { COMPACT_REVISIONS } from './compact-revisions.js'
import { DEFRAGMENT_MEMBER } from './defragment-member.js'
import { DISARM_ALARM } from './disarm-alarm.js'
import { RESTART_MEMBER } from './restart-member.js'
import { TRANSFER_LEADER } from './transfer-leader.js'

export const ETCD_ACTION_CATALOGUE: readonly ActionSpec[] = [
  TRANSFER_LEADER,
  RESTART_MEMBER,
  DEFRAGMENT_MEMBER,
  COMPACT_REVISIONS,
  DISARM_ALARM,
] as ActionSpec[]
