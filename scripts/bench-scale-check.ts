/**
 * The monitor's check path over many runs, without I/O: 1,000 simulated etcd
 * runs, each with its own stateful checker, fed recorded observations (each
 * run at its own point of the recording, so at any moment some are healthy,
 * some have a follower down, some have lost quorum). One run-poll is what
 * pollOnce does after `observe`: check, evaluate, triage, the summary line —
 * and, in the `with_store` variant, the operator-change query, the ticket
 * upserts and the resolve of absent tickets in a real SQLite store.
 * CPU per run-poll is process.cpuUsage (user + system) around each one.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CheckContext, Violation } from '../src/core/subject.js'
import { triaged } from '../src/core/triage.js'
import { MONITOR_ACTOR } from '../src/monitor/monitor.js'
import { Store } from '../src/store/store.js'
import { createEtcdChecker, type EtcdObservation, etcdPlaybook, summarizeObservation } from '../subjects/etcd/index.js'
import type { RecordedObservation, Stage } from './bench-scale-observations.js'
import { percentiles, round, spread } from './bench-scale-stats.js'

export const SIMULATED_RUNS = 1000
const INTERVAL_MS = 250
/** Ticks per sample of the store variant. */
const STORE_TICKS = 2
const NO_CHANGES: CheckContext = { operatorChanges: [] }

type Poll = (run: number, observation: EtcdObservation) => void

/** check → evaluate → triage → summary, as pollOnce does them; `store` adds what it writes. */
function pollPath(store: Store | undefined): Poll {
  const checkers = Array.from({ length: SIMULATED_RUNS }, () => createEtcdChecker())
  return (run, obs) => {
    const checker = checkers[run]
    if (!checker) throw new Error(`no run ${run}`)
    const context = store ? { operatorChanges: store.operatorChanges(obs.run_id, obs.at - 120_000) } : NO_CHANGES
    const violations: Violation[] = triaged(etcdPlaybook, checker.check(obs, context), obs, checker.evaluate(obs))
    summarizeObservation(obs)
    if (!store) return
    for (const v of violations) store.upsertViolation(obs.run_id, 'etcd', v, MONITOR_ACTOR)
    store.resolveAbsent(obs.run_id, new Set(violations.map((v) => v.key)), MONITOR_ACTOR)
  }
}

interface Sample {
  /** CPU µs of each run-poll, with the stage of its observation. */
  perPoll: { us: number; stage: Stage }[]
  /** Run-polls per second of process CPU over the whole sample. */
  perCpuSecond: number
}

/**
 * One sample: every run polled at `ticks` consecutive points of the simulated clock from `from`. At any
 * tick the runs sit evenly over the recording, so every tick has the same mix of stages.
 */
function sample(poll: Poll, recorded: readonly RecordedObservation[], from: number, ticks: number): Sample {
  const t0 = recorded[0]?.observation.at ?? 0
  const perPoll: Sample['perPoll'] = []
  const start = process.cpuUsage()
  for (let t = from; t < from + ticks; t++) {
    const at = t0 + t * INTERVAL_MS
    for (let run = 0; run < SIMULATED_RUNS; run++) {
      const rec = recorded[(run + t) % recorded.length]
      if (!rec) continue
      const obs = { ...rec.observation, run_id: `sim-${run}`, at }
      const before = process.cpuUsage()
      poll(run, obs)
      const d = process.cpuUsage(before)
      perPoll.push({ us: d.user + d.system, stage: rec.stage })
    }
  }
  const total = process.cpuUsage(start)
  return { perPoll, perCpuSecond: Math.round(perPoll.length / ((total.user + total.system) / 1e6)) }
}

/** `samples` measured samples of `ticks` ticks each, after one unmeasured tick cycle to warm up. */
function measure(poll: Poll, recorded: readonly RecordedObservation[], samples: number, ticks: number) {
  sample(poll, recorded, 0, ticks)
  return figures(Array.from({ length: samples }, (_, i) => sample(poll, recorded, (i + 1) * ticks, ticks)))
}

function figures(samples: readonly Sample[]) {
  const all = samples.flatMap((s) => s.perPoll)
  const byStage: Partial<Record<Stage, ReturnType<typeof percentiles>>> = {}
  for (const stage of new Set(all.map((p) => p.stage)))
    byStage[stage] = percentiles(all.filter((p) => p.stage === stage).map((p) => p.us))
  return {
    cpu_us_per_run_poll: { ...percentiles(all.map((p) => p.us)), by_stage: byStage },
    run_polls_per_cpu_second: spread(samples.map((s) => s.perCpuSecond)),
  }
}

/**
 * Check path: `samples` samples of a whole recording cycle (every run at every point). With the store each
 * run-poll costs about a hundred times more, so its samples are STORE_TICKS ticks each (the same stage mix).
 */
export function benchCheckPath(recorded: readonly RecordedObservation[], samples: number) {
  const dir = mkdtempSync(join(tmpdir(), 'operator-bench-scale-check-'))
  const store = new Store(join(dir, 'operator.db'))
  try {
    const checkOnly = measure(pollPath(undefined), recorded, samples, recorded.length)
    const withStore = measure(pollPath(store), recorded, samples, STORE_TICKS)
    const rows = (table: string) => (store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
    const stages: Partial<Record<Stage, number>> = {}
    for (const r of recorded) stages[r.stage] = (stages[r.stage] ?? 0) + 1
    return {
      description: `the monitor's poll minus I/O (no observe, no log write) for ${SIMULATED_RUNS} simulated etcd runs, each its own stateful checker fed the recorded observations from its own starting point: check + evaluate + triage + summary line (check_only), plus the operator-change query, ticket upserts and resolve-absent in one real SQLite store shared by the runs (with_store); CPU per run-poll by process.cpuUsage around each; per-core rate = run-polls ÷ process CPU seconds of a sample`,
      observations: {
        source:
          "the monitor's NDJSON observation lines (what a recording holds) from one live 3-member etcd cluster, 250 ms apart; no recording file ships, so they are made at the start of this part",
        count: recorded.length,
        by_stage: stages,
        violations_per_observation: recorded.map((r) => createEtcdChecker().evaluate(r.observation).length),
      },
      simulated_runs: SIMULATED_RUNS,
      check_only: { run_polls_per_sample: SIMULATED_RUNS * recorded.length, ...checkOnly },
      with_store: {
        run_polls_per_sample: SIMULATED_RUNS * STORE_TICKS,
        ...withStore,
        rows_at_end: { tickets: rows('tickets'), events: rows('events') },
      },
      store_over_check_only: round(
        checkOnly.run_polls_per_cpu_second.median / withStore.run_polls_per_cpu_second.median,
        1,
      ),
    }
  } finally {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
