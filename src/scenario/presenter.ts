/**
 * Presenter pacing of a scenario's method (`operator demo --scenario
 * --step`): the runner waits at each step until the presenter fires it
 * (space on the screen). A press while no step waits fires nothing, and the
 * caller says so.
 */
export class Presenter {
  private release: (() => void) | null = null
  /** The step waiting to be fired (1-based position in the method), or null. */
  waiting: number | null = null

  /** Resolves when the presenter fires the step at `position`; rejects with the signal's reason when it aborts. */
  next(position: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason)
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.clear()
        reject(signal.reason)
      }
      signal.addEventListener('abort', onAbort, { once: true })
      this.waiting = position
      this.release = () => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      }
    })
  }

  /** The presenter's key: fires the waiting step. False when no step waits. */
  fire(): boolean {
    const release = this.release
    if (release === null) return false
    this.clear()
    release()
    return true
  }

  private clear(): void {
    this.release = null
    this.waiting = null
  }
}
