/**
 * Polls the database for what the screen shows beside the children's lines —
 * modes, the run's tickets, proposals awaiting a person or executing — every
 * 500 ms, and reports a snapshot only when it changed, so the screen and the
 * recording see the same snapshots and a quiet run records almost none.
 * A failing read is reported once until it succeeds again.
 */
import type { Clock } from '../core/clock.js'
import { errorMessage } from '../core/errors.js'
import type { Modes, Proposal, Ticket } from '../core/records.js'
import { intervalScheduler, type Scheduler } from '../core/schedule.js'

export const SNAPSHOT_INTERVAL_MS = 500

export interface Snapshot {
  modes: Modes
  tickets: Ticket[]
  proposals: Proposal[]
}

export interface SnapshotPollerOptions {
  read: () => Snapshot
  onChange: (snapshot: Snapshot, at: number) => void
  onError: (message: string, at: number) => void
  clock: Clock
  intervalMs?: number
  scheduler?: Scheduler
}

export class SnapshotPoller {
  private last: string | null = null
  private lastError: string | null = null
  private readonly cancel: () => void
  latest: Snapshot | null = null

  constructor(private readonly o: SnapshotPollerOptions) {
    this.cancel = (o.scheduler ?? intervalScheduler).every(o.intervalMs ?? SNAPSHOT_INTERVAL_MS, () => this.poll())
  }

  /** Reads now; reports the snapshot if it differs from the last one. */
  poll(): void {
    const at = this.o.clock.now()
    let snapshot: Snapshot
    try {
      snapshot = this.o.read()
    } catch (err) {
      const message = `database: ${errorMessage(err)}`
      if (message !== this.lastError) this.o.onError(message, at)
      this.lastError = message
      return
    }
    this.lastError = null
    const text = JSON.stringify(snapshot)
    if (text === this.last) return
    this.last = text
    this.latest = snapshot
    this.o.onChange(snapshot, at)
  }

  stop(): void {
    this.cancel()
  }
}
