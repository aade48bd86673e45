/**
 * Adaptive verification: observe at a short interval until the violation is
 * gone and has stayed gone for the settle window over at least two
 * consecutive observations, or until something else ends the watch (the
 * caller's `done`), or the deadline. A repair that takes effect in 90 ms is
 * verified in a few hundred, not after a fixed wait and one-second polls; one
 * that flaps (healthy for a moment, then down again) starts the window over.
 */
import type { Clock } from '../core/clock.js'

/** How often verification observes. */
export const VERIFY_INTERVAL_MS = 100

export interface WatchOptions<S> {
  clock: Clock
  signal: AbortSignal
  /** One fresh observation of what is watched. */
  look: () => Promise<S>
  /** Whether the violation is gone in this observation. */
  gone: (s: S) => boolean
  /** Whether to stop watching now, gone or not (a violation handed on to another root). */
  done?: (s: S) => boolean
  /** How long the violation must stay gone. */
  settleMs: number
  /** When to give up (clock time). */
  deadline: number
  intervalMs?: number
}

/** The last observation, and whether the violation had settled gone by then. */
export async function watchUntilGone<S>(o: WatchOptions<S>): Promise<{ last: S; settled: boolean }> {
  const interval = o.intervalMs ?? VERIFY_INTERVAL_MS
  let goneSince: number | null = null
  let streak = 0
  for (;;) {
    const last = await o.look()
    const now = o.clock.now()
    if (o.gone(last)) {
      goneSince ??= now
      streak++
      if (streak >= 2 && now - goneSince >= o.settleMs) return { last, settled: true }
    } else {
      goneSince = null
      streak = 0
      if (o.done?.(last)) return { last, settled: false }
    }
    if (now >= o.deadline) return { last, settled: false }
    await o.clock.sleep(interval, o.signal)
  }
}
