/** `operator monitor`: poll → invariants → tickets, NDJSON on stdout until stopped. */
import type { Command } from 'commander'
import { z } from 'zod'
import { systemClock } from '../core/clock.js'
import { createLogger, logFn } from '../log/logger.js'
import { runMonitor } from '../monitor/monitor.js'
import { abortOnSignals, applyEnvModes, openStore, parseOptions, paths } from './context.js'
import { intFrom, SubjectName } from './options.js'
import { subject } from './subject.js'

const MonitorOptions = z.object({ subject: SubjectName, interval: intFrom(100, 60_000), run: z.string().optional() })

export function registerMonitor(program: Command): void {
  program
    .command('monitor')
    .description('watch the cluster, check invariants, open and resolve tickets (NDJSON on stdout)')
    .option('--subject <name>', 'subject', 'etcd')
    .option('--interval <ms>', 'poll interval in ms', '1000')
    .option('--run <id>', 'run id (default: the current run)')
    .action(async (raw: unknown) => {
      const o = parseOptions(MonitorOptions, raw, 'monitor')
      const logger = createLogger('monitor')
      // The cluster first: with none up, nothing is written, not even a database.
      const s = await subject(o.subject).open(paths().home, o.run, { clock: systemClock, log: logFn(logger) })
      const { signal, dispose } = abortOnSignals()
      try {
        const store = openStore()
        try {
          applyEnvModes(store, 'monitor', logger)
          await runMonitor({ subject: s, store, clock: systemClock, logger, intervalMs: o.interval, signal })
        } finally {
          store.close()
        }
      } finally {
        dispose()
        await s.close()
      }
    })
}
