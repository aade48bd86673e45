/**
 * `operator scenario run FILE [--runs N]`: the scenario run N times, one
 * cluster each, stopped early by Ctrl-C, with medians and p95 across runs.
 */
import { SCENARIO_REPORT_VERSION, type ScenarioReport } from './report-schema.js'
import type { RunDeps, ScenarioSource } from './run-deps.js'
import { runOnce } from './run-once.js'
import { overallOutcome, runStats } from './stats.js'

export async function runScenario(src: ScenarioSource, runs: number, d: RunDeps): Promise<ScenarioReport> {
  const reports = []
  for (let i = 1; i <= runs && !d.signal.aborted; i++) {
    const progress = runs > 1 ? (line: string) => d.progress(`[run ${i}/${runs}] ${line}`) : d.progress
    reports.push(await runOnce(src, { ...d, progress }))
  }
  return {
    schema_version: SCENARIO_REPORT_VERSION,
    file: src.file,
    title: src.scenario.title,
    subject: src.scenario.subject,
    runtime: src.scenario.runtime,
    policy: src.policy,
    outcome: overallOutcome(reports),
    runs_requested: runs,
    runs: reports,
    stats: runStats(reports),
  }
}
