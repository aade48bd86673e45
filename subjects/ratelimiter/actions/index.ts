/**
 * The actions the agent may propose for a ratelimiter run, bound to it.
 * Operational failures come back as 'failed' results naming their cause and
 * the member's log lines; an abort of ctx.signal rejects with its reason.
 */
import type { ActionDefinition } from '../../../src/core/subject.js'
import type { RatelimiterHandle } from '../handle.js'
import { replicaofAction } from './replicaof.js'
import { resetCounterAction } from './reset-counter.js'
import { restartAppNodeAction } from './restart-app-node.js'
import { restartRedisNodeAction } from './restart-redis-node.js'
import { restoreTtlAction } from './restore-ttl.js'
import { sentinelFailoverAction } from './sentinel-failover.js'
import { setMaxmemoryAction } from './set-maxmemory.js'

export function ratelimiterActions(handle: RatelimiterHandle): ActionDefinition<unknown>[] {
  return [
    sentinelFailoverAction(handle),
    restartRedisNodeAction(handle),
    replicaofAction(handle),
    setMaxmemoryAction(handle),
    restoreTtlAction(handle),
    restartAppNodeAction(handle),
    resetCounterAction(handle),
  ] as ActionDefinition<unknown>[]
}
