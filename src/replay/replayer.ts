/**
 * The replay's cursor: a recording's entries against a simulated clock set to
 * recorded time. Moving the clock applies every entry due by then, in order,
 * to a target (the view model); stepping applies one entry; seeking back
 * resets the target and plays forward again. No real time is read here, so
 * the same moves always give the same state.
 */
import { SimulatedClock } from '../core/clock.js'
import type { RecordingEntry } from '../core/recording-entry.js'

/** What entries are applied to. */
export interface ReplayTarget {
  apply(entry: RecordingEntry): void
  /** Back to the state before any entry. */
  reset(): void
}

export class Replayer {
  readonly startAt: number
  readonly endAt: number
  private clock: SimulatedClock
  private next = 0

  /** `startAt`: when the run began (the first entry's time if later or unknown). */
  constructor(
    readonly entries: readonly RecordingEntry[],
    private readonly target: ReplayTarget,
    startAt?: number,
  ) {
    const first = entries[0]?.at
    this.startAt = Math.min(startAt ?? first ?? 0, first ?? Number.POSITIVE_INFINITY)
    this.endAt = Math.max(this.startAt, entries.at(-1)?.at ?? this.startAt)
    this.clock = new SimulatedClock(this.startAt)
  }

  /** Recorded time now. */
  now(): number {
    return this.clock.now()
  }

  /** Entries applied so far. */
  get position(): number {
    return this.next
  }

  get done(): boolean {
    return this.next >= this.entries.length
  }

  /** Moves recorded time forward by ms (never past the last entry); returns the entries applied. */
  advance(ms: number): number {
    return this.advanceTo(this.clock.now() + Math.max(0, ms))
  }

  /** Moves recorded time to t, applying every entry at or before it. */
  advanceTo(t: number): number {
    const to = Math.min(t, this.endAt)
    let applied = 0
    for (let e = this.entries[this.next]; e !== undefined && e.at <= to; e = this.entries[this.next]) {
      this.target.apply(e)
      this.next++
      applied++
    }
    this.moveClock(to)
    return applied
  }

  /** Applies the next entry, whatever its time, and moves the clock to it. */
  step(): RecordingEntry | null {
    const e = this.entries[this.next]
    if (!e) return null
    this.target.apply(e)
    this.next++
    this.moveClock(e.at)
    return e
  }

  /** Applies up to `max` entries at once (maximum speed); the clock follows the last one. */
  drain(max: number): number {
    let applied = 0
    while (applied < max && this.step()) applied++
    return applied
  }

  /** Jumps to recorded time t: back means reset and play forward from the start. */
  seek(t: number): void {
    if (t < this.clock.now()) this.restart()
    this.advanceTo(t)
  }

  /** Back to the start, nothing applied. */
  restart(): void {
    this.target.reset()
    this.next = 0
    this.clock = new SimulatedClock(this.startAt)
  }

  private moveClock(to: number): void {
    if (to > this.clock.now()) this.clock.advance(to - this.clock.now())
  }
}
