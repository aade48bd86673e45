/**
 * Many runs under one process (`operator monitor|agent --runs`): one loop per
 * run, each with its own subject and its own stop signal, so a slow or
 * unreachable cluster holds up only its own loop. A run that cannot be opened
 * yet is retried; with `--runs all` the list is read again and runs that came
 * up join; a run taken down is let go.
 */
import type { Clock } from './clock.js'
import type { Subject } from './subject.js'

export interface RunSource {
  /** `--runs all`: the list is read again on every rescan. A named list never grows. */
  openEnded: boolean
  list(): string[]
  open(runId: string): Promise<Subject>
  /** Taken down or forgotten: its loop stops. */
  ended(runId: string): boolean
}

export interface FleetDeps {
  source: RunSource
  clock: Clock
  signal: AbortSignal
  /** How often ended runs are let go, new runs joined and failed opens retried. */
  rescanMs: number
  onError(runId: string, err: unknown): void
  onEvent(event: 'run.joined' | 'run.ended', runId: string): void
}

/** Runs `work` for every run of the source until the signal aborts (or, for a named list, every run has ended). */
export async function superviseRuns(
  d: FleetDeps,
  work: (subject: Subject, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const running = new Map<string, AbortController>()
  const tasks = new Set<Promise<void>>()
  const sleep = (ms: number, signal: AbortSignal) => d.clock.sleep(ms, signal).catch(() => undefined)

  const openUntilStopped = async (runId: string, signal: AbortSignal): Promise<Subject | null> => {
    while (!signal.aborted) {
      try {
        return await d.source.open(runId)
      } catch (err) {
        d.onError(runId, err)
        await sleep(d.rescanMs, signal)
      }
    }
    return null
  }

  const start = (runId: string): void => {
    const own = new AbortController()
    const stop = () => own.abort()
    d.signal.addEventListener('abort', stop, { once: true })
    running.set(runId, own)
    d.onEvent('run.joined', runId)
    const task = (async () => {
      const subject = await openUntilStopped(runId, own.signal)
      if (subject === null) return
      try {
        await work(subject, own.signal)
      } catch (err) {
        d.onError(runId, err)
      } finally {
        await subject.close().catch((err: unknown) => d.onError(runId, err))
      }
    })().finally(() => {
      running.delete(runId)
      d.signal.removeEventListener('abort', stop)
      tasks.delete(task)
    })
    tasks.add(task)
  }

  // A loop that stopped on its own (its work failed) starts again on the next rescan, as does a run that came up.
  const startMissing = () => {
    for (const runId of d.source.list()) if (!running.has(runId) && !d.source.ended(runId)) start(runId)
  }
  startMissing()
  while (!d.signal.aborted) {
    await sleep(d.rescanMs, d.signal)
    if (d.signal.aborted) break
    for (const [runId, own] of running) {
      if (!d.source.ended(runId)) continue
      d.onEvent('run.ended', runId)
      own.abort()
    }
    startMissing()
    if (!d.source.openEnded && running.size === 0) break
  }
  await Promise.allSettled([...tasks])
}
