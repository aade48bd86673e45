/**
 * The ratelimiter's primary crash, measured on a real run (Redis, Sentinel,
 * three apps; monitor, agent and workload as real processes): time to detect
 * (first ticket), time to repair (every ticket of the crash resolved), time
 * until the limit is honoured again (the end of the last workload sample
 * that admitted beyond what a window allows), and the share of requests
 * admitted beyond the limit from the crash to the repair.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { withSupervisedCluster } from './bench-cluster.js'

export interface PrimaryCrashRun {
  detect_ms: number
  repair_ms: number
  limit_honoured_ms: number
  over_limit_share: number
}

interface Sample {
  at: number
  answered: number
  excess: number
}

/** One `workload.sample` line: when, how many answers in the interval, how many of them beyond the limit. */
function parseSample(line: string): Sample | null {
  try {
    const e = JSON.parse(line) as { event?: string; time?: number; ops_per_s?: number; stats?: unknown }
    if (e.event !== 'workload.sample' || !Array.isArray(e.stats)) return null
    const excess = (e.stats as { name?: string; value?: number }[]).find((s) => s.name === 'excess')?.value ?? 0
    return { at: Number(e.time), answered: Number(e.ops_per_s ?? 0), excess }
  } catch {
    return null
  }
}

export function benchPrimaryCrash(signal: AbortSignal): Promise<PrimaryCrashRun> {
  const samples: Sample[] = []
  return withSupervisedCluster('ratelimiter', signal, async ({ cli, spawn, afterFault }) => {
    spawn('workload', ['workload'], (line) => {
      const s = parseSample(line)
      if (s) samples.push(s)
    })
    await sleep(4000, undefined, { signal })
    await cli(['fault', 'kill_primary'])
    return afterFault('ratelimiter primary crash repaired', async (store, faultTs) => {
      const tickets = store.tickets().filter((t) => t.opened_at >= faultTs)
      if (tickets.length === 0 || tickets.some((t) => t.status !== 'resolved' || !t.resolved_at)) return undefined
      const detect = Math.min(...tickets.map((t) => t.opened_at))
      const repaired = Math.max(...tickets.map((t) => t.resolved_at ?? 0))
      // The samples of the next two seconds, so the last interval of the repair is in.
      await sleep(2500, undefined, { signal })
      const during = samples.filter((s) => s.at > faultTs && s.at <= repaired + 1000)
      const lastExcess = samples.filter((s) => s.at > faultTs && s.excess > 0).at(-1)
      const answered = during.reduce((n, s) => n + s.answered, 0)
      return {
        detect_ms: detect - faultTs,
        repair_ms: repaired - faultTs,
        limit_honoured_ms: lastExcess ? lastExcess.at - faultTs : 0,
        over_limit_share: answered === 0 ? 0 : during.reduce((n, s) => n + s.excess, 0) / answered,
      }
    })
  })
}
