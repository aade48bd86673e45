/**
 * What the Workload panel shows of a ratelimiter run, per sample interval:
 * the most any key's window admitted against what the limit allows, the share
 * of answers that were 429 (the limit at work), the share the apps' in-memory
 * insurance limiter answered (Redis out of reach), and the requests admitted
 * beyond what a window allows (the harm a broken limit does, live; the Cluster
 * panel's headline counts the over-limit windows of the truth's horizon).
 */
import type { WorkloadStat } from '../../src/core/workload-stat.js'

export interface IntervalStats {
  /** One answer: its status, the limiter path that gave it, and its window's admitted count so far (0 when rejected). */
  answer(status: number, path: string | null, admittedInWindow: number): void
  /** The stats since the last call, which starts a new interval. */
  take(): WorkloadStat[]
}

export function createIntervalStats(allowed: number): IntervalStats {
  let peak = 0
  let answered = 0
  let rejected = 0
  let insurance = 0
  let excess = 0
  return {
    answer(status, path, admittedInWindow) {
      answered++
      if (status === 429) rejected++
      if (path === 'insurance') insurance++
      peak = Math.max(peak, admittedInWindow)
      if (admittedInWindow > allowed) excess++
    },
    take() {
      const share = (n: number) => (answered === 0 ? 0 : n / answered)
      const stats: WorkloadStat[] = [
        { name: 'admitted', value: peak, limit: allowed, bad: peak > allowed },
        { name: '429', value: share(rejected), unit: '%', bad: false },
        { name: 'insurance', value: share(insurance), unit: '%', bad: insurance > 0 },
        { name: 'excess', value: excess, bad: excess > 0 },
      ]
      peak = 0
      answered = 0
      rejected = 0
      insurance = 0
      excess = 0
      return stats
    },
  }
}
