/**
 * A member crash on a real etcd cluster, monitor and agent as real processes
 * (monitor interval 250 ms, agent defaults): time to detect and to repair,
 * beside the floor of the repair — the restart itself, from executing to the
 * member serving again, in the same run. A follower crash is repaired when
 * its members_healthy ticket resolves; a leader crash when the restarted
 * preferred member leads again (its leader_preferred ticket resolved).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { Ticket } from '../src/core/records.js'
import { withSupervisedCluster } from './bench-cluster.js'

export interface CrashRun {
  detect_ms: number
  repair_ms: number
  floor_ms: number
}

/** Which member dies, and the ticket whose resolution is the end of the repair. */
const TARGETS = {
  follower: (t: Ticket) => t.invariant === 'members_healthy',
  leader: (t: Ticket) => t.invariant === 'leader_preferred',
} as const

export function crashRun(target: keyof typeof TARGETS, signal: AbortSignal): Promise<CrashRun> {
  return withSupervisedCluster('etcd', signal, async ({ cli, afterFault }) => {
    await sleep(2000, undefined, { signal })
    await cli(['fault', 'kill_member', '--target', target])
    return afterFault(`${target} crash repaired`, async (store, faultTs) => {
      const tickets = store.tickets().filter((t) => t.opened_at >= faultTs)
      const end = tickets.find(TARGETS[target])
      if (end?.status !== 'resolved' || !end.resolved_at) return undefined
      const span = store.events({ types: ['proposal.executing', 'proposal.executed'] }).filter((e) => e.ts >= faultTs)
      const ran = span.find((e) => e.type === 'proposal.executing')
      const done = span.find((e) => e.type === 'proposal.executed')
      if (!ran || !done) throw new Error('the restart was not recorded as executed')
      return {
        detect_ms: Math.min(...tickets.map((t) => t.opened_at)) - faultTs,
        repair_ms: end.resolved_at - faultTs,
        floor_ms: done.ts - ran.ts,
      }
    })
  })
}
