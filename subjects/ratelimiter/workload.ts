/**
 * Steady load on a ratelimiter run for `operator workload`, and its ground
 * truth. Op `seq` sends `GET /hit?key=…` to app a<seq % 3> with a deadline:
 * half the ops go to two hot keys (above the limit at the default rate), two
 * fifths to sixteen warm keys (well under it), and one op in ten to a key of
 * the long tail that is never hit again, as real users are. A 429 is a correct
 * answer (the limit at work), not a failure; only a transport failure or
 * another status rejects. Every answer goes into the truth ledger
 * (workload-truth.ts), written atomically every second to the run's truth
 * file, which the observer reads and `limit_holds` checks.
 */
import { errorMessage } from '../../src/core/errors.js'
import { type SubjectDeps, type WorkloadClient, WorkloadOpError } from '../../src/core/subject.js'
import { writeJsonAtomic } from '../../src/executors/local/atomic-json.js'
import { LIMIT_TOLERANCE } from './defaults.js'
import { readRunRecord, resolveRunId } from './runtime/run-files.js'
import { truthPath } from './runtime/run-record.js'
import { createIntervalStats } from './workload-stats.js'
import { allowedPerWindow, createTruthLedger } from './workload-truth.js'

/** Keys above the limit at the default rate, and keys well under it. */
export const HOT_KEYS = 2
export const WARM_KEYS = 16
/** Deadline of one request. */
export const HIT_TIMEOUT_MS = 2000
/** Closed windows of this recent past make the truth: long enough to see a failover's windows, short enough to clear soon after. */
export const TRUTH_HORIZON_MS = 10_000
const TRUTH_EVERY_MS = 1000

/** Of every 20 ops: 10 to the hot keys, 8 to the warm ones, 2 to tail keys of their own (`t<seq>`). */
export function workloadKey(seq: number): string {
  const slot = seq % 20
  if (slot < 10) return `hot${slot % HOT_KEYS}`
  if (slot < 18) return `k${(Math.floor(seq / 20) * 8 + slot - 10) % WARM_KEYS}`
  return `t${seq}`
}

/** An answer: its HTTP status and the limiter path the app says served it (`redis`, `insurance`). */
export interface HitAnswer {
  status: number
  path: string | null
}

/**
 * One request; rejects on a transport failure or at the deadline. A request
 * in flight when the workload stops is let finish (its deadline bounds it):
 * cut short, it would count as a failure of the run.
 */
export type HitFn = (port: number, key: string) => Promise<HitAnswer>

export const fetchHit: HitFn = async (port, key) => {
  const response = await fetch(`http://127.0.0.1:${port}/hit?key=${encodeURIComponent(key)}`, {
    signal: AbortSignal.timeout(HIT_TIMEOUT_MS),
  })
  // Read to the end, so the kept-alive connection is free for the next request.
  await response.arrayBuffer()
  return { status: response.status, path: response.headers.get('x-ratelimit-path') }
}

/** A short class of a failed request, from the error's name and code (never its text). */
export function hitErrorKind(err: unknown): string {
  if (!(err instanceof Error)) return 'other'
  if (err.name === 'TimeoutError') return 'deadline'
  if (err.name === 'AbortError') return 'aborted'
  const code = causeCode(err)
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'unavailable'
  return 'other'
}

/** fetch says only `fetch failed`; the system error code is on its cause. */
function causeCode(err: Error): unknown {
  return (err.cause as { code?: unknown } | undefined)?.code
}

function describeHitError(err: unknown): string {
  const code = err instanceof Error ? causeCode(err) : undefined
  return typeof code === 'string' ? `${errorMessage(err)} (${code})` : errorMessage(err)
}

export interface WorkloadOptions {
  hit?: HitFn
}

export async function openRatelimiterWorkload(
  home: string,
  runId: string | undefined,
  deps: SubjectDeps,
  options: WorkloadOptions = {},
): Promise<WorkloadClient> {
  const id = resolveRunId(home, runId)
  const run = readRunRecord(home, id)
  const apps = run.nodes.filter((n) => n.kind === 'app')
  if (apps.length === 0) throw new Error(`run ${id} has no app instances`)
  const hit = options.hit ?? fetchHit
  const { clock } = deps
  const ledger = createTruthLedger({
    ...run.limit,
    tolerance: LIMIT_TOLERANCE,
    horizonMs: TRUTH_HORIZON_MS,
    settleMs: HIT_TIMEOUT_MS,
  })
  const stats = createIntervalStats(allowedPerWindow(run.limit.points, LIMIT_TOLERANCE))
  const path = truthPath(home, id)
  let failing = false
  const writeTruth = () => {
    try {
      writeJsonAtomic(path, ledger.snapshot(clock.now()))
      failing = false
    } catch (err) {
      if (!failing) deps.log(`workload: cannot write the truth file: ${errorMessage(err)}`, { path })
      failing = true
    }
  }
  const timer = setInterval(writeTruth, TRUTH_EVERY_MS)
  timer.unref()

  return {
    async op(seq, signal) {
      if (signal.aborted) return
      const app = apps[seq % apps.length] as (typeof apps)[number]
      const key = workloadKey(seq)
      const sent = clock.now()
      let answer: HitAnswer
      try {
        answer = await hit(app.port, key)
      } catch (err) {
        throw new WorkloadOpError(hitErrorKind(err), `${app.name} /hit: ${describeHitError(err)}`, { cause: err })
      }
      const { status } = answer
      if (status === 200 || status === 429) {
        stats.answer(status, answer.path, ledger.record({ key, status, sent, received: clock.now() }))
        return
      }
      throw new WorkloadOpError(status >= 500 ? 'server' : 'other', `${app.name} /hit answered HTTP ${status}`)
    },
    stats() {
      return stats.take()
    },
    async close() {
      clearInterval(timer)
      writeTruth()
    },
  }
}
