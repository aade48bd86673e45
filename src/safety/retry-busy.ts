/**
 * Retries a write while the database is busy (another process holds its write
 * lock), with progress for people, until it succeeds or the signal aborts.
 * The kill switch uses it: its latch must land however long the lock is held,
 * and a busy database is never mistaken for a broken one.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { OperatorError } from '../core/errors.js'
import { isBusy } from '../store/busy.js'
import type { Store } from '../store/store.js'

export interface RetryBusyOptions {
  /** A line for people each second the database stays busy. */
  onProgress?: (line: string) => void
  /** Stops retrying (Ctrl-C); the write is then reported as not done. */
  signal?: AbortSignal
  /** How long one attempt waits for the lock (SQLite's busy timeout). */
  attemptMs?: number
}

/** Runs `write` until it is not refused as busy; returns its result and how many attempts it took. */
export async function retryWhileBusy<T>(
  store: Store,
  what: string,
  write: () => T,
  o: RetryBusyOptions = {},
): Promise<{ value: T; attempts: number }> {
  const started = performance.now()
  const previous = store.db.pragma('busy_timeout', { simple: true }) as number
  store.db.pragma(`busy_timeout = ${o.attemptMs ?? 250}`)
  let lastSaid = 0
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return { value: write(), attempts: attempt }
      } catch (err) {
        if (!isBusy(err)) throw err
      }
      const waited = Math.round((performance.now() - started) / 1000)
      if (o.signal?.aborted) {
        throw new OperatorError(
          'database',
          `${what}: the database stayed busy for ${waited} s (another process holds its write lock)`,
          'run it again; `operator doctor` shows which Operator processes use the database',
          { code: 'conflict' },
        )
      }
      if (waited > lastSaid) {
        lastSaid = waited
        o.onProgress?.(`${what}: database busy (another process holds its write lock), retrying — ${waited} s`)
      }
      await sleep(50)
    }
  } finally {
    store.db.pragma(`busy_timeout = ${previous}`)
  }
}
