/**
 * Medians and p95 across runs of a scenario (`--runs N`): of each fault's
 * time to detect and to repair, and of each expectation's measured time.
 */
import type { MetricStats, RunOutcome, RunReport } from './report-schema.js'

/** Nearest-rank percentile of the values (p in 0–100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[Math.min(rank, sorted.length) - 1] as number
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

function metric(name: string, values: number[]): MetricStats | null {
  if (values.length === 0) return null
  return {
    name,
    n: values.length,
    median: median(values),
    p95: percentile(values, 95),
    min: Math.min(...values),
    max: Math.max(...values),
  }
}

/** One entry per measured quantity, over the runs where it was measured. */
export function runStats(runs: readonly RunReport[]): MetricStats[] {
  const series = new Map<string, number[]>()
  const add = (name: string, v: number | null) => {
    if (v === null) return
    series.set(name, [...(series.get(name) ?? []), v])
  }
  for (const run of runs) {
    for (const f of run.faults) {
      add(`step ${f.step} ${f.fault}: time_to_detect_ms`, f.time_to_detect_ms)
      add(`step ${f.step} ${f.fault}: time_to_repair_ms`, f.time_to_repair_ms)
    }
    for (const e of run.expectations)
      if (e.kind !== 'no_execution') add(`expect ${e.index} ${e.text}: measured_ms`, e.measured_ms)
  }
  return [...series].flatMap(([name, values]) => metric(name, values) ?? [])
}

/** The outcome of several runs: passed only when every run passed; refused or aborted wins over failed. */
export function overallOutcome(runs: readonly RunReport[]): RunOutcome {
  if (runs.length === 0) return 'aborted'
  for (const o of ['aborted', 'refused', 'failed'] as const) if (runs.some((r) => r.outcome === o)) return o
  return 'passed'
}
