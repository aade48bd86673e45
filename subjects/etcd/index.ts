/**
 * The etcd subject: three etcd members as local processes or Docker
 * containers, what the operator observes of them, the invariants it checks,
 * the actions and faults it knows, and the playbook that maps one to the other.
 */

import { systemClock } from '../../src/core/clock.js'
import type { SubjectModule } from '../../src/core/subject.js'
import { ETCD_ACTION_CATALOGUE } from './actions/catalogue.js'
import { attachEtcd, detachEtcd } from './attach.js'
import { INVARIANT_SEVERITY } from './checker-config.js'
import { etcdClusterTable } from './cluster-table.js'
import { MEMBER_NAMES, SUBJECT_NAME } from './defaults.js'
import { openEtcd } from './open.js'
import { downCluster, statusOfRun, upCluster } from './runtime/cluster-lifecycle.js'
import { currentRun, liveRuns } from './runtime/cluster-status.js'
import { openEtcdWorkload } from './workload.js'

/**
 * The etcd subject module: `up`/`down`/`status` drive the process or docker
 * runtime through the run record under OPERATOR_HOME (so any terminal can
 * act on a run); `open` binds clients, checker, actions, faults and
 * playbook to one run.
 * Its `observe` never overlaps: a call during a poll reuses that poll.
 */
export const etcdSubject: SubjectModule = {
  name: SUBJECT_NAME,
  up: (options, signal) => upCluster(options, signal, { clock: systemClock, log: () => undefined }),
  down: (home, runId) => downCluster(home, runId),
  attach: (options) => attachEtcd(options),
  detach: async (home, name) => detachEtcd(home, name),
  status: (home, runId) => statusOfRun(home, runId),
  currentRun,
  liveRuns,
  open: (home, runId, deps) => openEtcd(home, runId, deps),
  invariants: Object.keys(INVARIANT_SEVERITY),
  catalogue: ETCD_ACTION_CATALOGUE,
  members: MEMBER_NAMES,
  faultMenu: [
    { name: 'kill_member', targeted: true },
    { name: 'pause_member', targeted: true },
    { name: 'resume_member', targeted: true },
    { name: 'start_member', targeted: true },
    { name: 'fill_quota', targeted: false },
    { name: 'move_leader_away', targeted: false },
    { name: 'partition_member', targeted: true, runtimes: ['docker'] },
    { name: 'heal_partition', targeted: false, runtimes: ['docker'] },
  ],
  clusterTable: etcdClusterTable,
  openWorkload: (home, runId, deps) => openEtcdWorkload(home, runId, deps),
}

export { createEtcdChecker } from './checker.js'
export type { EtcdCheckerConfig, EtcdInvariant } from './checker-config.js'
export { DEFAULT_CHECKER_CONFIG, INVARIANT_SEVERITY } from './checker-config.js'
export type { MemberName } from './defaults.js'
export { DEFAULT_QUOTA_BYTES, MEMBER_NAMES } from './defaults.js'
export { agreedLeader } from './leader-agreement.js'
export type {
  Alarm,
  AlarmType,
  EtcdObservation,
  MemberObservation,
  ProcessState,
  UnreachableMember,
  UpMember,
} from './observation.js'
export { AlarmSchema, EtcdObservationSchema, isPartitioned, isUp, MemberObservationSchema } from './observation.js'
export type { OpenOptions } from './open.js'
export { openEtcd } from './open.js'
export { etcdPlaybook } from './playbook.js'
export { summarizeObservation } from './summarize.js'
