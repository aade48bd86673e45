/**
 * The workload loop, subject-agnostic: runs a client's ops with bounded
 * concurrency at a target rate, measures each op, and every sample interval
 * reports throughput, latency percentiles and errors by kind. Time comes only
 * from the injected clock (differences only), so tests drive it with a
 * virtual one. A failing op is counted, never fatal; abort stops launching and
 * waits for the ops in flight.
 */
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Clock } from '../core/clock.js'
import { type WorkloadClient, WorkloadOpError } from '../core/subject.js'
import { latencyStats } from './latency-stats.js'

/** One sample interval's measurements: what `operator workload` logs as `workload.sample`. */
export interface WorkloadSample {
  /** Ops that succeeded in the interval, per second. */
  ops_per_s: number
  /** Latency percentiles and maximum of the interval's successful ops; 0 when there were none. */
  p50_ms: number
  p99_ms: number
  max_ms: number
  /** Ops that failed in the interval. */
  errors: number
  /** Failed ops by kind (`deadline`, `unavailable`, `other`, …); empty when none failed. */
  error_kinds: Record<string, number>
}

/** Ops run over the loop's whole life. */
export interface WorkloadTotals {
  ops: number
  errors: number
}

export const WORKLOAD_DEFAULTS = {
  /** Target ops per second; 0 runs as fast as the concurrency allows. */
  rate: 200,
  /** Ops in flight at most. */
  concurrency: 4,
  /** Length of a sample interval. */
  sampleMs: 1000,
} as const

export interface WorkloadLoopOptions {
  client: Pick<WorkloadClient, 'op'>
  clock: Clock
  /** Stops the loop: no new ops; resolves once the in-flight ones settle. */
  signal: AbortSignal
  /** Called at the end of every sample interval. */
  onSample: (sample: WorkloadSample) => void
  rate?: number
  concurrency?: number
  sampleMs?: number
  /** Short class of an op's error; by default a WorkloadOpError's kind, else `other`. */
  errorKind?: (err: unknown) => string
}

/** How far behind schedule the loop may fall and still catch up; beyond it the schedule restarts (no bursts after a stall). */
const MAX_CATCH_UP_MS = 50

/** Launches between yields to the event loop, so instant ops cannot starve timers and signals. */
const LAUNCHES_PER_TURN = 64

/** Default error classification: the subject's kind when it gave one. */
export function defaultErrorKind(err: unknown): string {
  if (err instanceof WorkloadOpError) return err.kind
  if (err instanceof Error && err.name === 'AbortError') return 'aborted'
  return 'other'
}

interface Bucket {
  latencies: number[]
  errors: number
  kinds: Record<string, number>
}

const emptyBucket = (): Bucket => ({ latencies: [], errors: 0, kinds: {} })

function toSample(bucket: Bucket, elapsedMs: number): WorkloadSample {
  const opsPerS = elapsedMs > 0 ? (bucket.latencies.length * 1000) / elapsedMs : 0
  return {
    ops_per_s: Math.round(opsPerS * 10) / 10,
    ...latencyStats(bucket.latencies),
    errors: bucket.errors,
    error_kinds: { ...bucket.kinds },
  }
}

function validate(rate: number, concurrency: number, sampleMs: number): void {
  if (!(Number.isFinite(rate) && rate >= 0)) throw new RangeError(`rate must be a number ≥ 0, got ${rate}`)
  if (!(Number.isInteger(concurrency) && concurrency >= 1))
    throw new RangeError(`concurrency must be a whole number ≥ 1, got ${concurrency}`)
  if (!(Number.isFinite(sampleMs) && sampleMs > 0)) throw new RangeError(`sampleMs must be > 0, got ${sampleMs}`)
}

/** Runs the workload until the signal aborts; resolves with the totals once in-flight ops have settled. */
export async function runWorkloadLoop(options: WorkloadLoopOptions): Promise<WorkloadTotals> {
  const { client, clock } = options
  const rate = options.rate ?? WORKLOAD_DEFAULTS.rate
  const concurrency = options.concurrency ?? WORKLOAD_DEFAULTS.concurrency
  const sampleMs = options.sampleMs ?? WORKLOAD_DEFAULTS.sampleMs
  const errorKind = options.errorKind ?? defaultErrorKind
  validate(rate, concurrency, sampleMs)

  // Our own controller, so a failing sample callback stops the dispatcher too.
  const stop = new AbortController()
  const signal = stop.signal
  const onOuterAbort = () => stop.abort(options.signal.reason)
  if (options.signal.aborted) onOuterAbort()
  else options.signal.addEventListener('abort', onOuterAbort, { once: true })
  const stopped = new Promise<void>((resolve) => {
    if (signal.aborted) resolve()
    else signal.addEventListener('abort', () => resolve(), { once: true })
  })

  let bucket = emptyBucket()
  const totals: WorkloadTotals = { ops: 0, errors: 0 }
  const inflight = new Set<Promise<void>>()

  const runOne = async (seq: number): Promise<void> => {
    const started = clock.now()
    try {
      await client.op(seq, signal)
      bucket.latencies.push(clock.now() - started)
      totals.ops++
    } catch (err) {
      let kind: string
      try {
        kind = errorKind(err)
      } catch {
        kind = 'other'
      }
      bucket.errors++
      bucket.kinds[kind] = (bucket.kinds[kind] ?? 0) + 1
      totals.errors++
    }
  }

  const dispatch = async (): Promise<void> => {
    const period = rate > 0 ? 1000 / rate : 0
    const maxLag = Math.max(period, MAX_CATCH_UP_MS)
    let next = clock.now()
    let seq = 0
    let sinceTurn = 0
    while (!signal.aborted) {
      if (inflight.size >= concurrency) {
        await Promise.race([stopped, ...inflight])
        continue
      }
      if (period > 0) {
        const now = clock.now()
        if (now - next > maxLag) next = now
        if (next > now) {
          try {
            await clock.sleep(next - now, signal)
          } catch {
            break
          }
          continue
        }
        next += period
      }
      const op: Promise<void> = runOne(seq++).then(() => {
        inflight.delete(op)
      })
      inflight.add(op)
      if (++sinceTurn >= LAUNCHES_PER_TURN) {
        sinceTurn = 0
        await nextTurn()
      }
    }
    await Promise.all(inflight)
  }

  const sample = async (): Promise<void> => {
    const start = clock.now()
    let intervalStart = start
    let k = 1
    while (!signal.aborted) {
      const wait = start + k * sampleMs - clock.now()
      if (wait > 0) {
        try {
          await clock.sleep(wait, signal)
        } catch {
          break
        }
      }
      if (signal.aborted) break
      const now = clock.now()
      // A late wake-up skips the boundaries it missed instead of emitting empty samples.
      k = Math.max(k + 1, Math.floor((now - start) / sampleMs) + 1)
      const done = bucket
      bucket = emptyBucket()
      options.onSample(toSample(done, now - intervalStart))
      intervalStart = now
    }
  }

  const sampler = sample().catch((err: unknown) => {
    stop.abort(err)
    throw err
  })
  try {
    const [dispatched, sampled] = await Promise.allSettled([dispatch(), sampler])
    if (sampled.status === 'rejected') throw sampled.reason
    if (dispatched.status === 'rejected') throw dispatched.reason
    return totals
  } finally {
    options.signal.removeEventListener('abort', onOuterAbort)
  }
}
