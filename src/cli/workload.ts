/** `operator workload`: steady client load on the cluster, one latency sample per interval as NDJSON on stdout. */
import type { Command } from 'commander'
import { z } from 'zod'
import { type Clock, systemClock } from '../core/clock.js'
import { formatWorkloadStat, type WorkloadStat } from '../core/workload-stat.js'
import { createLogger, logFn } from '../log/logger.js'
import { runWorkloadLoop, WORKLOAD_DEFAULTS, type WorkloadSample } from '../workload/workload-loop.js'
import { abortOnSignals, parseOptions, paths } from './context.js'
import { intFrom, SubjectName } from './options.js'
import { subject } from './subject.js'

const WorkloadOptions = z.object({
  subject: SubjectName,
  run: z.string().optional(),
  rate: intFrom(0, 100_000),
  concurrency: intFrom(1, 256),
  sampleMs: intFrom(100, 60_000),
})

/** Epoch milliseconds with sub-millisecond resolution that never step back: latencies of local ops are a few ms. */
const preciseClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  sleep: (ms, signal) => systemClock.sleep(ms, signal),
}

/** The sample's line for people: `412 ops/s p99 8.1 ms 0 errors`, then the subject's stats (`· admitted 20/22 · 429 31%`). */
export function sampleMessage(s: WorkloadSample, stats: WorkloadStat[] = []): string {
  const kinds = Object.entries(s.error_kinds)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ')
  return `${Math.round(s.ops_per_s)} ops/s p99 ${s.p99_ms.toFixed(1)} ms ${s.errors} error${s.errors === 1 ? '' : 's'}${kinds ? ` (${kinds})` : ''}${stats.map((st) => ` · ${formatWorkloadStat(st)}`).join('')}`
}

export function registerWorkload(program: Command): void {
  program
    .command('workload')
    .description('run steady puts/gets against the cluster and report ops/s, latency and errors (NDJSON on stdout)')
    .option('--subject <name>', 'subject', 'etcd')
    .option('--run <id>', 'run id (default: the current run)')
    .option('--rate <n>', 'target ops per second (0: as fast as possible)', String(WORKLOAD_DEFAULTS.rate))
    .option('--concurrency <n>', 'ops in flight at most', String(WORKLOAD_DEFAULTS.concurrency))
    .option('--sample-ms <ms>', 'sample interval in ms', String(WORKLOAD_DEFAULTS.sampleMs))
    .action(async (raw: unknown) => {
      const o = parseOptions(WorkloadOptions, raw, 'workload')
      const logger = createLogger('workload')
      // The cluster first: with none up, the command fails in one line and writes nothing.
      const client = await subject(o.subject).openWorkload(paths().home, o.run, {
        clock: systemClock,
        log: logFn(logger),
      })
      const { signal, dispose } = abortOnSignals()
      try {
        logger.info(
          { event: 'workload.started', rate: o.rate, concurrency: o.concurrency, sample_ms: o.sampleMs },
          `workload: ${o.rate === 0 ? 'as fast as possible' : `${o.rate} ops/s`}, ${o.concurrency} in flight`,
        )
        const totals = await runWorkloadLoop({
          client,
          clock: preciseClock,
          signal,
          rate: o.rate,
          concurrency: o.concurrency,
          sampleMs: o.sampleMs,
          onSample: (s) => {
            const stats = client.stats?.(preciseClock.now()) ?? []
            logger.info({ event: 'workload.sample', ...s, stats }, sampleMessage(s, stats))
          },
        })
        logger.info(
          { event: 'workload.stopped', ...totals },
          `workload stopped: ${totals.ops} ops, ${totals.errors} errors`,
        )
      } finally {
        dispose()
        await client.close()
      }
    })
}
