/**
 * The workload's ground truth: how many requests the apps together admitted
 * per key and limiter window, a pure function of the stream of answers.
 *
 * Windows follow the rule rate-limiter-flexible's fixed windows follow (its
 * Lua script is `SET key 0 EX duration NX` then `INCRBY`): a key's window
 * opens at the first request admitted while none is open and lasts `duration`.
 * They are kept on the workload's own clock, never read from the limiter's
 * Retry-After / X-RateLimit-Reset headers: those are the claims of the system
 * under test, and after a failover that lost a counter the new primary opens a
 * fresh window whose headers would hide the double admission this is here to
 * see. Nor are they aligned to the clock: a clock-aligned window catches the
 * tail of one limiter window and the head of the next, up to twice the points,
 * and would call a limit broken that holds. A request is placed at the middle
 * of its round trip (when Redis most likely counted it), so at a window's edge
 * only the requests in flight across it can land on the wrong side.
 */
import type { LimitObservation } from './observation.js'

/** One answered request: its key, HTTP status, and when it was sent and answered (ms). */
export interface HitRecord {
  key: string
  status: number
  sent: number
  received: number
}

export interface TruthOptions {
  points: number
  duration_s: number
  tolerance: number
  /** Closed windows that ended within this long are reported. */
  horizonMs: number
  /** A window counts as closed this long after its end, once every request sent in it has been answered. */
  settleMs: number
}

interface Window {
  start: number
  admitted: number
}

export interface TruthLedger {
  /** Takes one answer in; for an admitted one, how many its key's window has admitted so far (else 0). */
  record(hit: HitRecord): number
  /** The truth at `now` over the closed windows of the horizon; also forgets what fell out of it. */
  snapshot(now: number): LimitObservation
}

/**
 * Requests a window may hold beyond its points for the truth's own blur: a
 * request in flight across a window's edge is placed at the middle of its
 * round trip, maybe on the wrong side, and the workload keeps at most its
 * concurrency (4 by default) in flight. A small limit's tolerance is less.
 */
export const EDGE_SLACK = 4

/** The most admitted requests a window may hold before the limit counts as broken. */
export function allowedPerWindow(points: number, tolerance: number): number {
  // 50 × 1.1 is 55.000000000000007 in floating point.
  return Math.max(Math.floor(points * (1 + tolerance) + 1e-9), points + EDGE_SLACK)
}

export function createTruthLedger(options: TruthOptions): TruthLedger {
  const durationMs = options.duration_s * 1000
  const allowed = allowedPerWindow(options.points, options.tolerance)
  /** Per key, its windows in order of start. */
  const windows = new Map<string, Window[]>()
  /** Answers per second of answer time: [answered, rejected]. */
  const answers = new Map<number, [number, number]>()

  function admit(key: string, at: number): number {
    const list = windows.get(key) ?? []
    windows.set(key, list)
    const i = list.findLastIndex((w) => w.start <= at)
    const current = list[i]
    if (current !== undefined && at < current.start + durationMs) return ++current.admitted
    // Answered out of order: an admission just before the next window opened is where that window began.
    const next = list[i + 1]
    if (next !== undefined && next.start < at + durationMs) {
      next.start = at
      return ++next.admitted
    }
    list.splice(i + 1, 0, { start: at, admitted: 1 })
    return 1
  }

  return {
    record(hit) {
      const at = (hit.sent + hit.received) / 2
      const second = Math.floor(hit.received / 1000)
      const bucket = answers.get(second) ?? [0, 0]
      answers.set(second, bucket)
      bucket[0]++
      if (hit.status === 429) bucket[1]++
      return hit.status === 200 ? admit(hit.key, at) : 0
    },

    snapshot(now) {
      const oldestEnd = now - options.horizonMs
      let count = 0
      let over = 0
      let latestOverEnd: number | null = null
      let worst: LimitObservation['worst'] = null
      for (const [key, list] of windows) {
        while (list[0] !== undefined && list[0].start + durationMs < oldestEnd) list.shift()
        if (list.length === 0) windows.delete(key)
        for (const w of list) {
          if (w.start + durationMs + options.settleMs > now) break
          count++
          if (w.admitted > allowed) {
            over++
            latestOverEnd = Math.max(latestOverEnd ?? 0, Math.round(w.start + durationMs))
          }
          if (worst === null || w.admitted > worst.admitted)
            worst = { key, window_start: Math.round(w.start), admitted: w.admitted }
        }
      }
      let answered = 0
      let rejected = 0
      for (const [second, [n, r]] of answers) {
        if ((second + 1) * 1000 < oldestEnd) answers.delete(second)
        else {
          answered += n
          rejected += r
        }
      }
      return {
        points: options.points,
        duration_s: options.duration_s,
        tolerance: options.tolerance,
        at: now,
        windows: count,
        over_limit_windows: over,
        latest_over_end: latestOverEnd,
        worst,
        rejected_share: answered === 0 ? 0 : rejected / answered,
      }
    },
  }
}
