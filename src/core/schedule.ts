/**
 * Repeating timers as an injected dependency: the recorder's flushes and the
 * snapshot poller run on real intervals in the product and on a manual
 * scheduler in unit tests, which fire them when told to.
 */

export interface Scheduler {
  /** Calls fn every ms until the returned cancel is called. */
  every(ms: number, fn: () => void): () => void
}

/** Real intervals that never keep the process alive on their own. */
export const intervalScheduler: Scheduler = {
  every(ms, fn) {
    const timer = setInterval(fn, ms)
    timer.unref()
    return () => clearInterval(timer)
  },
}

/** A scheduler for tests: `fire()` runs every registered callback once. */
export class ManualScheduler implements Scheduler {
  private readonly tasks = new Set<{ ms: number; fn: () => void }>()

  every(ms: number, fn: () => void): () => void {
    const task = { ms, fn }
    this.tasks.add(task)
    return () => {
      this.tasks.delete(task)
    }
  }

  /** Callbacks still registered. */
  get pending(): number {
    return this.tasks.size
  }

  fire(): void {
    for (const t of [...this.tasks]) t.fn()
  }
}
