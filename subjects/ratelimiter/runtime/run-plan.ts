/**
 * What a new ratelimiter run will be, before anything starts: its initial
 * primary and maxmemory from the options (usage errors name the fix), and its
 * run record with every node's kind and port. Pure.
 */
import { OperatorError } from '../../../src/core/errors.js'
import type { ClusterUpOptions } from '../../../src/core/subject.js'
import {
  APPS,
  DEFAULT_LIMIT,
  DEFAULT_MAXMEMORY_BYTES,
  MASTER_NAME,
  MAXMEMORY_CEILING_BYTES,
  REDIS_NODES,
  SENTINELS,
} from '../defaults.js'
import type { RatelimiterRunRecord, RunNode } from './run-record.js'

/** The initial primary and maxmemory from the options; usage errors name the fix. */
export function validateUp(options: ClusterUpOptions): { primary: string; maxmemory: number } {
  if (options.runtime === 'docker') {
    throw new OperatorError('usage', 'the ratelimiter subject runs as local processes only', 'drop --runtime docker')
  }
  if (options.members !== undefined)
    throw new OperatorError(
      'usage',
      'the ratelimiter subject has a fixed shape (3 Redis, 3 Sentinels, 2 apps)',
      'drop --members',
    )
  const primary = options.preferred ?? REDIS_NODES[0]
  if (!(REDIS_NODES as readonly string[]).includes(primary)) {
    throw new OperatorError(
      'usage',
      `preferred primary "${primary}" is not a Redis node`,
      `use one of ${REDIS_NODES.join(', ')}`,
    )
  }
  const maxmemory = options.quotaBytes ?? DEFAULT_MAXMEMORY_BYTES
  if (!Number.isSafeInteger(maxmemory) || maxmemory <= 0 || maxmemory > MAXMEMORY_CEILING_BYTES) {
    throw new OperatorError(
      'usage',
      `maxmemory ${maxmemory} is not a number of bytes up to the ceiling ${MAXMEMORY_CEILING_BYTES}`,
      `pass maxmemory in bytes, e.g. ${DEFAULT_MAXMEMORY_BYTES}`,
    )
  }
  return { primary, maxmemory }
}

/** The run record: Redis nodes, Sentinels, apps in that order, each on the next of `ports`. */
export function newRunRecord(
  runId: string,
  now: number,
  ports: readonly number[],
  primary: string,
  maxmemory: number,
): RatelimiterRunRecord {
  const kinds: [readonly string[], RunNode['kind']][] = [
    [REDIS_NODES, 'redis'],
    [SENTINELS, 'sentinel'],
    [APPS, 'app'],
  ]
  const names = kinds.flatMap(([list, kind]) => list.map((name) => ({ name, kind })))
  return {
    subject: 'ratelimiter',
    run_id: runId,
    runtime: 'process',
    created_at: now,
    master_name: MASTER_NAME,
    initial_primary: primary,
    limit: { points: DEFAULT_LIMIT.points, duration_s: DEFAULT_LIMIT.duration_s },
    maxmemory_bytes: maxmemory,
    maxmemory_ceiling_bytes: MAXMEMORY_CEILING_BYTES,
    nodes: names.map((n, i) => ({ ...n, port: ports[i] ?? 0 })),
  }
}
