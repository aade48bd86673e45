/**
 * What actions and faults ask of the live topology, fresh each time: which
 * primary each Sentinel names and the one a quorum of them agrees on, and a
 * Redis node's own view of its replication (role, primary, link).
 */
import { SENTINEL_QUORUM } from '../defaults.js'
import { memberAt, membersOf, portOf, type RatelimiterHandle } from '../handle.js'
import { describeRedisError, infoNumber, parseInfo } from '../redis-admin.js'

/** One Sentinel's answer: the primary it names (a member name, or `port N` outside the run), or why none. */
export interface SentinelView {
  sentinel: string
  primary: string | null
  error: string | null
}

/** A node's replication as INFO replication reports it; `error` when it did not answer. */
export interface Replication {
  role: 'master' | 'slave' | null
  /** A replica: the port of the primary it replicates from. */
  master_port: number | null
  link_up: boolean | null
  error: string | null
}

export async function sentinelViews(handle: RatelimiterHandle): Promise<SentinelView[]> {
  return Promise.all(
    membersOf(handle, 'sentinel').map(async (sentinel): Promise<SentinelView> => {
      try {
        const reply = await handle.redis(portOf(handle, sentinel), (c) =>
          c.call('SENTINEL', 'get-master-addr-by-name', handle.run.master_name),
        )
        if (!Array.isArray(reply) || reply.length < 2) return { sentinel, primary: null, error: 'names no primary' }
        const port = Number(reply[1])
        return { sentinel, primary: memberAt(handle, port) ?? `port ${port}`, error: null }
      } catch (err) {
        return { sentinel, primary: null, error: describeRedisError(err) }
      }
    }),
  )
}

/** The primary at least `quorum` Sentinels name; null when no node has that many. */
export function agreedOf(views: readonly SentinelView[], quorum = SENTINEL_QUORUM): string | null {
  const counts = new Map<string, number>()
  for (const v of views) if (v.primary !== null) counts.set(v.primary, (counts.get(v.primary) ?? 0) + 1)
  const agreed = [...counts].filter(([, n]) => n >= quorum)
  return agreed.length === 1 ? (agreed[0]?.[0] ?? null) : null
}

/** The agreed primary now, with every Sentinel's view as evidence. */
export async function agreedPrimary(
  handle: RatelimiterHandle,
): Promise<{ primary: string | null; views: SentinelView[] }> {
  const views = await sentinelViews(handle)
  return { primary: agreedOf(views), views }
}

export async function replicationOf(handle: RatelimiterHandle, member: string): Promise<Replication> {
  try {
    const info = parseInfo(await handle.redis(portOf(handle, member), (c) => c.call('INFO', 'replication')))
    const role = info.get('role')
    return {
      role: role === 'master' || role === 'slave' ? role : null,
      master_port: role === 'slave' ? infoNumber(info, 'master_port') : null,
      link_up: role === 'slave' ? info.get('master_link_status') === 'up' : null,
      error: null,
    }
  } catch (err) {
    return { role: null, master_port: null, link_up: null, error: describeRedisError(err) }
  }
}

/** Whether a node replicates from `primary` with its link up. */
export function replicatesFrom(handle: RatelimiterHandle, r: Replication, primary: string): boolean {
  return r.role === 'slave' && r.link_up === true && r.master_port === portOf(handle, primary)
}
