/**
 * The ratelimiter subject: three Redis nodes (a primary, two replicas) under
 * three Sentinels, and three app instances sharing their limits through
 * Redis with rate-limiter-flexible; what the operator observes of them, the
 * invariants it checks, the actions and faults it knows, and the playbook
 * that maps one to the other.
 */
import type { SubjectModule } from '../../src/core/subject.js'
import { RATELIMITER_ACTION_CATALOGUE } from './actions/catalogue.js'
import { INVARIANT_SEVERITY } from './checker-config.js'
import { ratelimiterClusterTable } from './cluster-table.js'
import { MEMBER_NAMES, SUBJECT_NAME } from './defaults.js'
import { faultMenu } from './faults/index.js'
import { openRatelimiter } from './open.js'
import { ratelimiterRuntime } from './runtime/index.js'
import { openRatelimiterWorkload } from './workload.js'

/**
 * The ratelimiter subject module: `up`/`down`/`status` drive the process
 * runtime through the run record under OPERATOR_HOME (so any terminal can
 * act on a run); `open` binds observer, checker, actions, faults and
 * playbook to one run.
 */
export const ratelimiterSubject: SubjectModule = {
  name: SUBJECT_NAME,
  up: (options, signal) => ratelimiterRuntime.up(options, signal),
  down: (home, runId) => ratelimiterRuntime.down(home, runId),
  status: (home, runId) => ratelimiterRuntime.status(home, runId),
  currentRun: (home) => ratelimiterRuntime.currentRun(home),
  liveRuns: (home) => ratelimiterRuntime.liveRuns(home),
  open: (home, runId, deps) => openRatelimiter(home, runId, deps),
  invariants: Object.keys(INVARIANT_SEVERITY),
  catalogue: RATELIMITER_ACTION_CATALOGUE,
  members: MEMBER_NAMES,
  faultMenu,
  clusterTable: ratelimiterClusterTable,
  openWorkload: (home, runId, deps) => openRatelimiterWorkload(home, runId, deps),
}

export { createRatelimiterChecker } from './checker.js'
export type { RatelimiterCheckerConfig, RatelimiterInvariant } from './checker-config.js'
export { DEFAULT_CHECKER_CONFIG, INVARIANT_SEVERITY } from './checker-config.js'
export { APPS, MEMBER_NAMES, REDIS_NODES, SENTINELS } from './defaults.js'
export type {
  AppObservation,
  LimitObservation,
  RatelimiterObservation,
  RedisNodeObservation,
  SentinelObservation,
} from './observation.js'
export { RatelimiterObservationSchema } from './observation.js'
export type { OpenOptions } from './open.js'
export { openRatelimiter } from './open.js'
export { ratelimiterPlaybook } from './playbook.js'
export { summarizeObservation } from './summarize.js'
