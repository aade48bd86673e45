/**
 * The run recorder: numbers every input of the view model as it arrives and
 * keeps it in memory; a timer writes what has gathered in one transaction
 * every 250 ms, so recording never makes the loop wait on the database for
 * each line. Secrets are redacted before anything is written. When writes
 * fail the entries are kept and retried; past a bound the oldest are dropped
 * and counted in the run's metadata.
 */
import type { Clock } from '../core/clock.js'
import { errorMessage } from '../core/errors.js'
import type { Narration } from '../core/narration.js'
import type { NewEntry, RecordedSnapshot, RecordingEntry } from '../core/recording-entry.js'
import { redact, redactText } from '../core/redact.js'
import type { ChildView, Tone } from '../core/run-events.js'
import { intervalScheduler, type Scheduler } from '../core/schedule.js'
import { type RecordingRow, toRow } from '../store/recordings.js'

export const FLUSH_INTERVAL_MS = 250
export const MAX_BUFFERED = 10_000

/** Where the recorder writes: the store, or a fake in tests. */
export interface RecordingSink {
  /** Appends rows in one transaction. */
  appendRecording(runId: string, rows: readonly RecordingRow[]): void
  endRun(runId: string, endedAt: number, meta: Record<string, unknown>): void
}

export interface RecorderOptions {
  sink: RecordingSink
  /** The id the run was begun under (`store.beginRun`). */
  runId: string
  clock: Clock
  flushEveryMs?: number
  /** Entries held before a write is forced (and, while writes fail, the most kept). */
  maxBuffered?: number
  scheduler?: Scheduler
  /** The first failure of a run of failed writes. */
  onError?: (message: string) => void
}

export class RunRecorder {
  readonly runId: string
  private buffer: RecordingEntry[] = []
  private seq = 0
  private written = 0
  private dropped = 0
  private failing = false
  private closed = false
  private meta: Record<string, unknown> = {}
  private readonly cancelTimer: () => void
  private readonly maxBuffered: number

  constructor(private readonly o: RecorderOptions) {
    this.runId = o.runId
    this.maxBuffered = o.maxBuffered ?? MAX_BUFFERED
    this.cancelTimer = (o.scheduler ?? intervalScheduler).every(o.flushEveryMs ?? FLUSH_INTERVAL_MS, () => {
      this.flush()
    })
  }

  /** Entries recorded so far (written or waiting). */
  get recorded(): number {
    return this.seq
  }

  /** Entries waiting for the next write. */
  get pending(): number {
    return this.buffer.length
  }

  record(entry: NewEntry): void {
    if (this.closed) return
    this.buffer.push({ ...entry, seq: this.seq++ } as RecordingEntry)
    if (this.buffer.length < this.maxBuffered) return
    this.flush()
    if (this.buffer.length >= this.maxBuffered) {
      this.buffer.shift()
      this.dropped++
    }
  }

  line(source: ChildView['name'], stream: 'stdout' | 'stderr', text: string, at: number): void {
    this.record({ kind: 'line', at, source, stream, text })
  }

  child(view: ChildView, at: number): void {
    this.record({ kind: 'child', at, view: { ...view, last_stderr: [...view.last_stderr] } })
  }

  snapshot(snapshot: RecordedSnapshot, at: number): void {
    this.record({ kind: 'snapshot', at, snapshot })
  }

  notice(text: string, tone: Tone, at: number): void {
    this.record({ kind: 'notice', at, text, tone })
  }

  narration(narration: Narration | null, at: number): void {
    this.record({ kind: 'narration', at, narration })
  }

  /** Adds metadata written when the run ends (a report, say). */
  annotate(meta: Record<string, unknown>): void {
    this.meta = { ...this.meta, ...meta }
  }

  /** Writes what has gathered in one transaction; returns the entries written. */
  flush(): number {
    if (this.buffer.length === 0) return 0
    const batch = this.buffer
    try {
      this.o.sink.appendRecording(
        this.runId,
        batch.map((e) => toRow(redactEntry(e))),
      )
    } catch (err) {
      if (!this.failing) this.o.onError?.(`recording: ${errorMessage(err)} (kept in memory, retrying)`)
      this.failing = true
      return 0
    }
    this.failing = false
    this.buffer = []
    this.written += batch.length
    return batch.length
  }

  /** Writes the rest and marks the run ended. Safe to call more than once. */
  close(meta: Record<string, unknown> = {}): void {
    if (this.closed) return
    this.closed = true
    this.cancelTimer()
    this.flush()
    const lost = this.dropped + this.buffer.length
    try {
      this.o.sink.endRun(this.runId, this.o.clock.now(), {
        ...this.meta,
        ...meta,
        entries: this.written,
        ...(lost > 0 ? { entries_lost: lost } : {}),
      })
    } catch (err) {
      this.o.onError?.(`recording: ${errorMessage(err)} (the run is not marked ended)`)
    }
  }
}

/** The entry with every secret replaced (line and notice text by pattern, objects by key and pattern). */
export function redactEntry(e: RecordingEntry): RecordingEntry {
  switch (e.kind) {
    case 'line':
    case 'notice':
      return { ...e, text: redactText(e.text) }
    case 'child':
      return { ...e, view: redact(e.view) }
    case 'snapshot':
      return { ...e, snapshot: redact(e.snapshot) }
    case 'narration':
      return { ...e, narration: e.narration === null ? null : redact(e.narration) }
  }
}
