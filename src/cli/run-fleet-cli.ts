/**
 * What `operator monitor --runs` and `operator agent --runs` share: the runs
 * named (or all that are up), one store, the process's modes from its
 * environment, a child logger per run (every NDJSON line carries its
 * run_id), and the slots that bound how many runs work at once.
 */
import { systemClock } from '../core/clock.js'
import { errorMessage } from '../core/errors.js'
import { superviseRuns } from '../core/run-fleet.js'
import { createSlots, type Slots } from '../core/slots.js'
import type { Subject } from '../core/subject.js'
import { type Logger, logFn } from '../log/logger.js'
import type { Store } from '../store/store.js'
import { applyEnvModes, openStore, paths } from './context.js'
import { parseRuns, runSource } from './run-source.js'

/** How often the run list is read again (runs that came up join, runs taken down are let go). */
export const RESCAN_MS = 2000

export interface FleetOptions {
  runs: string
  concurrency: number
  logger: Logger
  signal: AbortSignal
  role: 'monitor' | 'agent'
  /** Who applies the environment's modes (the audit log's actor). */
  actor: string
}

export type RunWork = (s: Subject, store: Store, log: Logger, signal: AbortSignal, slots: Slots) => Promise<void>

export async function superviseFleet(o: FleetOptions, work: RunWork): Promise<void> {
  const { home } = paths()
  const runs = parseRuns(o.runs, home)
  const store = openStore()
  try {
    applyEnvModes(store, o.actor, o.logger)
    const slots = createSlots(o.concurrency)
    const source = runSource(runs, home, { clock: systemClock, log: logFn(o.logger) })
    o.logger.info(
      { event: `${o.role}.fleet`, runs, concurrency: o.concurrency },
      `${o.role}: ${runs === 'all' ? 'every run that is up' : runs.join(', ')}`,
    )
    await superviseRuns(
      {
        source,
        clock: systemClock,
        signal: o.signal,
        rescanMs: RESCAN_MS,
        onError: (runId, err) =>
          o.logger.error(
            { event: `${o.role}.error`, run_id: runId, error: errorMessage(err) },
            `${runId}: ${errorMessage(err)}`,
          ),
        onEvent: (event, runId) =>
          o.logger.info({ event, run_id: runId }, `${runId}: ${event === 'run.joined' ? 'joined' : 'ended'}`),
      },
      (s, signal) => work(s, store, o.logger.child({ run_id: s.run_id }), signal, slots),
    )
  } finally {
    store.close()
  }
}
