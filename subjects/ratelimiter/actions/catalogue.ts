/**
 * The ratelimiter subject's own action catalogue, as data: what the agent
 * may propose for a ratelimiter run, known without a cluster. Binding them
 * to an open run is ratelimiterActions(handle).
 */
import type { ActionSpec } from '../../../src/core/action.js'
import { REPLICAOF } from './replicaof.js'
import { RESET_COUNTER } from './reset-counter.js'
import { RESTART_APP_NODE } from './restart-app-node.js'
import { RESTART_REDIS_NODE } from './restart-redis-node.js'
import { RESTORE_TTL } from './restore-ttl.js'
import { SENTINEL_FAILOVER } from './sentinel-failover.js'
import { SET_MAXMEMORY } from './set-maxmemory.js'

export const RATELIMITER_ACTION_CATALOGUE: readonly ActionSpec[] = [
  SENTINEL_FAILOVER,
  RESTART_REDIS_NODE,
  REPLICAOF,
  SET_MAXMEMORY,
  RESTORE_TTL,
  RESTART_APP_NODE,
  RESET_COUNTER,
] as ActionSpec[]
