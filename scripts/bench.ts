/**
 * `npm run bench`: speed measured, never asserted. Prints one JSON object:
 * time to detect and time to repair a member crash on a real etcd cluster
 * (monitor and agent as real processes) beside its floor (the restart
 * itself), and audit-log append throughput (hash chaining, one commit per
 * event), and kill-switch latency with 10 sandbox containers and 100 pending
 * proposals beside a bare `docker kill` of the same load, and replay speed of a ten-minute
 * recording, and the longest write-lock hold of any process during a scenario
 * run (target ≤ 50 ms), and the ratelimiter's primary crash: detect, repair,
 * limit honoured again, share admitted over the limit. Medians and p95 over
 * several runs. And the scale figures: the monitor's check path over 1,000
 * simulated runs, and one monitor and one agent over 10, 20 and 40 real
 * single-member etcd runs (CPU per poll, crash detection). And the store on
 * PostgreSQL (a private server) beside SQLite: audit appends per second, gate
 * transactions per second with 4 agent processes racing over the same
 * approved proposals (exactly one execution each), ticket claim latency.
 * BENCH_ONLY (comma-separated: ui, replay, audit, crash, ratelimiter, brain,
 * kill, lock, scale-check, scale, store) runs only those parts.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { benchBrain } from './bench-brain.js'
import { type CrashRun, crashRun } from './bench-etcd-crash.js'
import { bareKillRun, benchKillSwitch, KILL_LOAD } from './bench-kill.js'
import { benchWriteLock, LOCK_SCENARIO, LOCK_TARGET_MS } from './bench-lock.js'
import { benchPrimaryCrash, type PrimaryCrashRun } from './bench-ratelimiter.js'
import { benchReplay } from './bench-replay.js'
import { scaleCheckPath, scaleRuns } from './bench-scale.js'
import { auditAppends, benchStore } from './bench-store.js'
import { benchUi } from './bench-ui.js'

// Ctrl-C or SIGTERM aborts the run in flight; its finally blocks stop what it started. `on`, not `once`:
// execa's signal-exit re-raises a signal that no other listener is left to handle, killing the bench mid-cleanup.
const stop = new AbortController()
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => stop.abort(new Error(`interrupted by ${sig}`)))

const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const AUDIT_EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 2000)

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN
  return {
    runs: values.length,
    median: at(0.5),
    p95: at(0.95),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    values,
  }
}

function auditThroughput(): number {
  const dir = mkdtempSync(join(tmpdir(), 'operator-bench-'))
  try {
    return auditAppends(join(dir, 'operator.db'), AUDIT_EVENTS)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** One part of the report: what BENCH_ONLY names it by, and how to measure it. */
type Section = readonly [name: string, measure: () => Promise<Record<string, unknown>>]

async function crashes(): Promise<Record<string, unknown>> {
  const detect: number[] = []
  const repair: number[] = []
  const floor: number[] = []
  for (let i = 0; i < RUNS && !stop.signal.aborted; i++) {
    const r = await crashRun('follower', stop.signal)
    detect.push(r.detect_ms)
    repair.push(r.repair_ms)
    floor.push(r.floor_ms)
    process.stderr.write(
      `bench: crash run ${i + 1}/${RUNS}: detect ${r.detect_ms} ms, repair ${r.repair_ms} ms (restart itself ${r.floor_ms} ms)\n`,
    )
  }
  const leader: CrashRun[] = []
  for (let i = 0; i < RUNS && !stop.signal.aborted; i++) {
    leader.push(await crashRun('leader', stop.signal))
    process.stderr.write(`bench: leader crash ${i + 1}/${RUNS}: ${JSON.stringify(leader.at(-1))}\n`)
  }
  return {
    member_crash: {
      description:
        'kill -9 of a follower → ticket opened (detect) → restart_member executed and verified, ticket resolved (repair); monitor interval 250 ms, agent defaults (verified once the violation stays gone 300 ms); floor: the restart itself, executing to the member serving again, in the same runs',
      time_to_detect_ms: stats(detect),
      time_to_repair_ms: stats(repair),
      floor_restart_to_healthy_ms: stats(floor),
      repair_over_floor: stats(repair.map((r, i) => Math.round((r / Math.max(1, floor[i] ?? 1)) * 10) / 10)),
    },
    leader_crash: {
      description:
        'kill -9 of the leader (the preferred member) → first ticket (detect) → restarted, then leading again (its leader_preferred ticket resolved: repair); floor: the restart itself',
      time_to_detect_ms: stats(leader.map((r) => r.detect_ms)),
      time_to_preferred_leader_ms: stats(leader.map((r) => r.repair_ms)),
      floor_restart_to_healthy_ms: stats(leader.map((r) => r.floor_ms)),
    },
  }
}

async function ratelimiter(): Promise<Record<string, unknown>> {
  const failovers: PrimaryCrashRun[] = []
  for (let i = 0; i < RUNS && !stop.signal.aborted; i++) {
    const r = await benchPrimaryCrash(stop.signal)
    failovers.push(r)
    process.stderr.write(`bench: ratelimiter primary crash ${i + 1}/${RUNS}: ${JSON.stringify(r)}\n`)
  }
  return {
    ratelimiter_primary_crash: {
      description:
        'SIGKILL of the Redis primary under the workload (hot keys above the limit) → first ticket (detect) → every ticket of the crash resolved (repair); limit honoured again: end of the last workload sample that admitted beyond what a window allows; over-limit share: requests admitted beyond it ÷ requests answered, crash to repair; monitor interval 250 ms, agent defaults',
      time_to_detect_ms: stats(failovers.map((r) => r.detect_ms)),
      time_to_repair_ms: stats(failovers.map((r) => r.repair_ms)),
      time_to_limit_honoured_ms: stats(failovers.map((r) => r.limit_honoured_ms)),
      over_limit_share: stats(failovers.map((r) => Math.round(r.over_limit_share * 10_000) / 10_000)),
    },
  }
}

async function brainOverhead(): Promise<Record<string, unknown>> {
  const brain = await benchBrain(Math.max(RUNS, 10))
  return {
    brain_overhead: {
      description:
        "the model brain's own time per ticket (a log read, then a plan: prompt, tools, redaction, recording), excluding the model's, against the scripted fake provider on 127.0.0.1",
      overhead_ms: stats(brain.overhead_ms),
      model_ms: stats(brain.model_ms),
    },
  }
}

async function killSwitch(): Promise<Record<string, unknown>> {
  const kills = await benchKillSwitch(RUNS, stop.signal)
  const flooded = await benchKillSwitch(RUNS, stop.signal, 'under_ui_flood')
  const cli = await benchKillSwitch(Math.min(RUNS, 3), stop.signal, 'cli')
  const bareKills: number[] = []
  for (let i = 0; i < Math.min(RUNS, 3) && !stop.signal.aborted; i++) bareKills.push(await bareKillRun(stop.signal))
  return {
    kill_switch: {
      description: `operator kill with ${KILL_LOAD.containers} running sandbox containers and ${KILL_LOAD.proposals} pending proposals: to its report, and to everything stopped (no proposal pending, no action container left); in the bench's process, in it while the screen ingests a flood of lines (the screen's K), and as the \`operator kill\` command (its process start-up included)`,
      report_ms: stats(kills.map((k) => k.report_ms)),
      everything_stopped_ms: stats(kills.map((k) => k.stopped_ms)),
      under_ui_flood_report_ms: stats(flooded.map((k) => k.report_ms)),
      under_ui_flood_everything_stopped_ms: stats(flooded.map((k) => k.stopped_ms)),
      cli_command_ms: stats(cli.map((k) => k.report_ms)),
      floor_bare_docker_kill_ms: stats(bareKills),
    },
  }
}

async function writeLock(): Promise<Record<string, unknown>> {
  const locks = await benchWriteLock(Math.min(RUNS, 3), stop.signal)
  return {
    write_lock: {
      description: `longest time one write transaction held the database's write lock (BEGIN IMMEDIATE acquired to COMMIT returned), over every process of a run of ${LOCK_SCENARIO} (the CLI and its monitor, agent and workload children, reported through OPERATOR_TX_STATS); target ≤ ${LOCK_TARGET_MS} ms`,
      target_ms: LOCK_TARGET_MS,
      longest_hold_ms: stats(locks.map((l) => l.longest_ms)),
      scenarios_passed: locks.filter((l) => l.scenario_passed).length,
      last_run_by_process: locks.at(-1)?.by_process ?? [],
    },
  }
}

/** In the order they run; the report lists them in REPORT_ORDER. */
const SECTIONS: readonly Section[] = [
  ['ui', async () => ({ ui_ingest: await benchUi(Math.min(RUNS, 3)) })],
  ['replay', async () => ({ replay_speed: await benchReplay(3) })],
  ['audit', async () => auditAppend()],
  ['crash', crashes],
  ['ratelimiter', ratelimiter],
  ['brain', brainOverhead],
  ['kill', killSwitch],
  ['lock', writeLock],
  ['scale-check', () => scaleCheckPath(RUNS, stop.signal)],
  ['scale', () => scaleRuns(RUNS, stop.signal)],
  ['store', () => benchStore(RUNS, stop.signal)],
]

const REPORT_ORDER = [
  'member_crash',
  'leader_crash',
  'ratelimiter_primary_crash',
  'brain_overhead',
  'ui_ingest',
  'replay_speed',
  'kill_switch',
  'write_lock',
  'audit_append',
  'scale_check_path',
  'scale_runs',
  'store',
]

async function auditAppend(): Promise<Record<string, unknown>> {
  const throughput: number[] = []
  for (let i = 0; i < RUNS; i++) throughput.push(auditThroughput())
  return {
    audit_append: {
      description: `${AUDIT_EVENTS} events, hash-chained, one commit each (WAL, synchronous=NORMAL)`,
      events_per_second: stats(throughput),
    },
  }
}

/** BENCH_ONLY=kill,lock runs those sections only; unset, every one. */
function chosenSections(): readonly Section[] {
  const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean)
  const unknown = only.filter((name) => !SECTIONS.some(([n]) => n === name))
  if (unknown.length > 0)
    throw new Error(`BENCH_ONLY: unknown ${unknown.join(', ')} (use ${SECTIONS.map(([n]) => n).join(', ')})`)
  return only.length === 0 ? SECTIONS : SECTIONS.filter(([name]) => only.includes(name))
}

async function main(): Promise<void> {
  const measured: Record<string, unknown> = {}
  for (const [, measure] of chosenSections()) Object.assign(measured, await measure())
  const report: Record<string, unknown> = {
    schema_version: 1,
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
  }
  for (const key of REPORT_ORDER) if (key in measured) report[key] = measured[key]
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exitCode = 1
})
