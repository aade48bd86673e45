/**
 * Time as an injected dependency, so pure logic (grace periods, churn windows,
 * expiries) can be unit tested with a simulated clock.
 */
import { setTimeout as sleepTimer } from 'node:timers/promises'

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Resolves after ms, or rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    await sleepTimer(ms, undefined, signal ? { signal } : undefined)
  },
}

/** A clock that only moves when told to: for unit tests of time-dependent logic. */
export class SimulatedClock implements Clock {
  private current: number

  constructor(start = 0) {
    this.current = start
  }

  now(): number {
    return this.current
  }

  advance(ms: number): void {
    this.current += ms
  }

  async sleep(ms: number): Promise<void> {
    this.current += ms
  }
}
