/**
 * Sentinels' view of the primary: each Sentinel asked which node it names
 * (`SENTINEL get-master-addr-by-name`), and the primary a quorum of reachable
 * Sentinels agrees on.
 */

import type { ProcessState, SentinelObservation } from './observation.js'
import type { ObserverConnections } from './observe-clients.js'
import { parseMasterAddr } from './parse-info.js'
import { describeRedisError } from './redis-admin.js'
import type { RunNode } from './runtime/run-record.js'

export async function probeSentinel(
  conns: ObserverConnections,
  sentinel: RunNode,
  process: ProcessState,
  masterName: string,
  nodeAt: (port: number) => string | null,
): Promise<SentinelObservation> {
  const base = { name: sentinel.name, port: sentinel.port, process }
  try {
    const conn = await conns.get(sentinel.port)
    const port = parseMasterAddr(await conn.call('SENTINEL', 'get-master-addr-by-name', masterName))
    const primary = port === null ? null : nodeAt(port)
    const error =
      port === null
        ? `knows no master ${masterName}`
        : primary === null
          ? `names 127.0.0.1:${port}, no node of this run`
          : null
    return { ...base, reachable: true, error, primary }
  } catch (err) {
    conns.drop(sentinel.port)
    return { ...base, reachable: false, error: describeRedisError(err), primary: null }
  }
}

/**
 * The node named by at least `quorum` reachable Sentinels, and by more of them
 * than any other node; null when no node is.
 */
export function agreedPrimary(sentinels: readonly SentinelObservation[], quorum: number): string | null {
  const votes = new Map<string, number>()
  for (const s of sentinels)
    if (s.reachable && s.primary !== null) votes.set(s.primary, (votes.get(s.primary) ?? 0) + 1)
  const ranked = [...votes].sort((a, b) => b[1] - a[1])
  const [first, second] = ranked
  if (first === undefined || first[1] < quorum) return null
  if (second !== undefined && second[1] === first[1]) return null
  return first[0]
}
