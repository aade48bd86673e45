/** `operator monitor`: poll → invariants → tickets, NDJSON on stdout until stopped; one run or many (`--runs`). */
import type { Command } from 'commander'
import { z } from 'zod'
import { systemClock } from '../core/clock.js'
import type { Slots } from '../core/slots.js'
import type { Subject } from '../core/subject.js'
import { runIsDown } from '../executors/local/run-listing.js'
import { createLogger, type Logger, logFn } from '../log/logger.js'
import { runMonitor } from '../monitor/monitor.js'
import type { Store } from '../store/store.js'
import { abortOnSignals, applyEnvModes, openStore, parseOptions, paths } from './context.js'
import { intFrom, SubjectName } from './options.js'
import { superviseFleet } from './run-fleet-cli.js'
import { subject } from './subject.js'

const MonitorOptions = z.object({
  subject: SubjectName,
  interval: intFrom(100, 60_000),
  run: z.string().optional(),
  runs: z.string().min(1).optional(),
  concurrency: intFrom(1, 256),
})

export function registerMonitor(program: Command): void {
  program
    .command('monitor')
    .description('watch the cluster, check invariants, open and resolve tickets (NDJSON on stdout)')
    .option('--subject <name>', 'subject', 'etcd')
    .option('--interval <ms>', 'poll interval in ms', '1000')
    .option('--run <id>', 'run id (default: the current run)')
    .option('--runs <all|names>', 'watch several runs: all that are up (joining new ones), or NAME,NAME,…')
    .option('--concurrency <n>', 'with --runs: at most this many polls at once', '16')
    .action(async (raw: unknown) => {
      const o = parseOptions(MonitorOptions, raw, 'monitor')
      const logger = createLogger('monitor')
      const { signal, dispose } = abortOnSignals()
      const { home } = paths()
      const watch = (s: Subject, store: Store, log: Logger, runSignal: AbortSignal, slots?: Slots) =>
        runMonitor({
          subject: s,
          store,
          clock: systemClock,
          logger: log,
          intervalMs: o.interval,
          signal: runSignal,
          ended: () => runIsDown(home, s.run_id),
          ...(slots && { slots }),
        })
      try {
        if (o.runs !== undefined) {
          await superviseFleet(
            { runs: o.runs, concurrency: o.concurrency, logger, signal, role: 'monitor', actor: 'monitor' },
            (s, store, log, runSignal, slots) => watch(s, store, log, runSignal, slots),
          )
          return
        }
        // The cluster first: with none up, nothing is written, not even a database.
        const s = await subject(o.subject).open(home, o.run, { clock: systemClock, log: logFn(logger) })
        try {
          const store = openStore()
          try {
            applyEnvModes(store, 'monitor', logger)
            await watch(s, store, logger, signal)
          } finally {
            store.close()
          }
        } finally {
          await s.close()
        }
      } finally {
        dispose()
      }
    })
}
