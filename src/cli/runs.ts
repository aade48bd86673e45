/**
 * `operator runs list [--json]`, `operator runs export RUN --out FILE`,
 * `operator runs prune` and `operator runs summary RUN`: the recorded runs in
 * the database, one of them as a self-describing NDJSON file that `operator
 * replay FILE` plays anywhere, the deletion of old ones, and any run (recorded
 * or not) in numbers.
 */
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { z } from 'zod'
import { runSummary, runSummaryText } from '../contract/run-summary.js'
import type { RunRecord } from '../core/recording-entry.js'
import { writeRecordingFile } from '../recording/export-file.js'
import { choosePrunable } from '../recording/retention.js'
import { loadRun } from '../replay/load-recording.js'
import { output, parseOptions, withStore } from './context.js'
import { withContract } from './explain.js'
import { Age, intFrom } from './options.js'

const ListOptions = z.object({ json: z.boolean().optional() })
const PruneOptions = z
  .object({
    keep: intFrom(0, 1_000_000).optional(),
    olderThan: Age.optional(),
    dryRun: z.boolean().optional(),
    json: z.boolean().optional(),
  })
  .refine((o) => o.keep !== undefined || o.olderThan !== undefined, {
    message: 'say what to keep: --keep N and/or --older-than AGE',
  })
const ExportOptions = z.object({
  run: z.string().min(1),
  out: z.string().min(1, 'give the file to write'),
  json: z.boolean().optional(),
})

export function registerRuns(program: Command): void {
  const runs = program
    .command('runs')
    .description('recorded runs (every demo, headless demo and scenario run is recorded)')
  runs
    .command('list')
    .description('list recorded runs, newest first')
    .option('--json', 'print as JSON')
    .action(async (raw: unknown) => {
      const o = parseOptions(ListOptions, raw, 'runs list')
      await withStore((store) => output(o.json, { runs: store.recordedRuns() }, (r) => renderRuns(r.runs)))
    })
  registerPrune(runs)
  runs
    .command('summary')
    .description('a run in numbers: status, tickets, executions, denials, approvals, time to detect and to repair')
    .argument('<run>', 'run id (see `operator runs list`), or `last`')
    .option('--json', 'print the summary as JSON')
    .action(async (run: string, raw: unknown) => {
      const o = parseOptions(ListOptions, raw, 'runs summary')
      await withContract(null, (deps) =>
        output(o.json, runSummary(deps, run === 'last' ? undefined : run), runSummaryText),
      )
    })
  runs
    .command('export')
    .description('write a recorded run to one NDJSON file (header line, then one entry a line)')
    .argument('<run>', 'run id (see `operator runs list`), or `last`')
    .requiredOption('--out <file>', 'file to write')
    .option('--json', 'print the result as JSON')
    .action(async (run: string, raw: Record<string, unknown>) => {
      const o = parseOptions(ExportOptions, { ...raw, run }, 'runs export')
      await withStore((store) => {
        const recording = loadRun(store, o.run, Date.now())
        const out = resolve(o.out)
        writeRecordingFile(out, recording)
        output(
          o.json,
          { run: recording.header.run, out, entries: recording.entries.length },
          (r) => `exported ${r.run}: ${r.entries} entries to ${r.out} (play it with \`operator replay ${r.out}\`)`,
        )
      })
    })
}

function registerPrune(runs: Command): void {
  runs
    .command('prune')
    .description(
      'delete old recordings (the audit log is kept): beyond the newest N, or ended longer ago than AGE; never a run still being recorded',
    )
    .option('--keep <n>', 'keep the newest N runs')
    .option('--older-than <age>', 'delete runs that ended longer ago than this: 30m, 12h, 7d')
    .option('--dry-run', 'only list what would be deleted')
    .option('--json', 'print the result as JSON')
    .action(async (raw: unknown) => {
      const o = parseOptions(PruneOptions, raw, 'runs prune')
      await withStore((store) => {
        const all = store.recordedRuns()
        const chosen = choosePrunable(
          all,
          {
            ...(o.keep !== undefined ? { keep: o.keep } : {}),
            ...(o.olderThan !== undefined ? { olderThanMs: o.olderThan } : {}),
          },
          Date.now(),
        )
        const entries = o.dryRun
          ? chosen.reduce((n, c) => n + c.run.entries, 0)
          : store.deleteRecordedRuns(chosen.map((c) => c.run.id))
        const result = {
          dry_run: o.dryRun === true,
          runs: chosen.map((c) => ({ id: c.run.id, kind: c.run.kind, why: c.why, entries: c.run.entries })),
          entries,
          kept: all.length - chosen.length,
        }
        output(o.json, result, (r) =>
          [
            ...r.runs.map(
              (x) => `${r.dry_run ? 'would delete' : 'deleted'} ${x.id} (${x.kind}, ${x.entries} entries): ${x.why}`,
            ),
            `${r.dry_run ? 'would delete' : 'deleted'} ${r.runs.length} run${r.runs.length === 1 ? '' : 's'} (${r.entries} entries); ${r.kept} kept`,
          ].join('\n'),
        )
      })
    })
}

function renderRuns(runs: RunRecord[]): string {
  if (runs.length === 0) return 'no recorded runs yet (every `operator demo` and scenario run is recorded)'
  const rows = runs.map((r) => [
    r.id,
    r.kind,
    r.subject,
    when(r.started_at),
    length(r),
    String(r.entries),
    r.ended_at === null ? 'unfinished' : '',
  ])
  const head = ['RUN', 'KIND', 'SUBJECT', 'STARTED', 'LENGTH', 'ENTRIES', '']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)))
  return [head, ...rows]
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

function when(ms: number): string {
  const d = new Date(ms)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
}

function length(r: RunRecord): string {
  const end = r.ended_at ?? r.last_at ?? r.started_at
  const s = Math.max(0, Math.round((end - r.started_at) / 1000))
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
}
