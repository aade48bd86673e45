/**
 * One poll of one Redis node: INFO replication, memory and stats in one call,
 * then the limiter keys (`rl:*`, a bounded SCAN) and their PTTLs. Trouble is
 * observed, never thrown: a node that does not answer is unreachable with its
 * error; a failed key scan leaves the key fields null. The replicas' lag needs
 * the primary's offset, so it is filled in once every node has answered.
 */
import { KEY_PREFIX } from './defaults.js'
import type { ProcessState, RedisNodeObservation } from './observation.js'
import type { ObserverConnections } from './observe-clients.js'
import { keysWithoutTtl, memoryFacts, parseScanReply, replicationFacts } from './parse-info.js'
import { describeRedisError, parseInfo, type RedisConn } from './redis-admin.js'
import type { RunNode } from './runtime/run-record.js'

/** The most limiter keys one poll looks at, and the most SCAN calls it makes to find them. */
export const MAX_SCANNED_KEYS = 2000
const MAX_SCAN_CALLS = 20
const SCAN_COUNT = 500
/** TTL-less keys named in an observation. */
const TTL_LESS_SAMPLE = 5

export interface RedisProbe {
  node: RedisNodeObservation
  /** The node's replication offset, for the replicas' lag. */
  offset: number | null
}

type KeyFacts = Pick<RedisNodeObservation, 'limiter_keys' | 'keys_without_ttl' | 'ttl_less_sample'>

const NO_KEY_FACTS: KeyFacts = { limiter_keys: null, keys_without_ttl: null, ttl_less_sample: [] }

/** The limiter keys on a node (at most MAX_SCANNED_KEYS) and those of them without a TTL. */
export async function scanLimiterKeys(conn: RedisConn): Promise<KeyFacts> {
  const keys = new Set<string>()
  let cursor = '0'
  for (let calls = 0; calls < MAX_SCAN_CALLS && keys.size < MAX_SCANNED_KEYS; calls++) {
    const page = parseScanReply(await conn.call('SCAN', cursor, 'MATCH', `${KEY_PREFIX}:*`, 'COUNT', SCAN_COUNT))
    for (const key of page.keys) keys.add(key)
    cursor = page.cursor
    if (cursor === '0') break
  }
  const names = [...keys].slice(0, MAX_SCANNED_KEYS)
  // Sent together: one round trip's worth of waiting on the node's single connection.
  const pttls = await Promise.all(names.map((key) => conn.call('PTTL', key)))
  const ttlLess = keysWithoutTtl(names, pttls)
  return {
    limiter_keys: names.length,
    keys_without_ttl: ttlLess.length,
    ttl_less_sample: ttlLess.slice(0, TTL_LESS_SAMPLE),
  }
}

function unreachable(node: RunNode, process: ProcessState, error: string): RedisNodeObservation {
  return {
    name: node.name,
    port: node.port,
    process,
    reachable: false,
    error,
    role: null,
    replicates_port: null,
    link_up: null,
    lag_bytes: null,
    used_memory: null,
    maxmemory: null,
    evicted_keys: null,
    ...NO_KEY_FACTS,
  }
}

export async function probeRedis(
  conns: ObserverConnections,
  node: RunNode,
  process: ProcessState,
): Promise<RedisProbe> {
  let conn: RedisConn
  let info: Map<string, string>
  try {
    conn = await conns.get(node.port)
    info = parseInfo(await conn.call('INFO', 'replication', 'memory', 'stats'))
  } catch (err) {
    conns.drop(node.port)
    return { node: unreachable(node, process, describeRedisError(err)), offset: null }
  }
  const replication = replicationFacts(info)
  let keys = NO_KEY_FACTS
  let error: string | null = null
  try {
    keys = await scanLimiterKeys(conn)
  } catch (err) {
    conns.drop(node.port)
    error = `limiter keys: ${describeRedisError(err)}`
  }
  return {
    node: {
      name: node.name,
      port: node.port,
      process,
      reachable: true,
      error,
      role: replication.role,
      replicates_port: replication.master_port,
      link_up: replication.link_up,
      lag_bytes: null,
      ...memoryFacts(info),
      ...keys,
    },
    offset: replication.offset,
  }
}
