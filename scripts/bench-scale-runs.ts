/**
 * One monitor and one agent over N real single-member etcd runs, N = 10, 20,
 * 40 (the fleet grows between sizes; the monitor and agent start afresh for
 * each): the monitor's CPU per cluster-poll over steady windows (utime + stime
 * from /proc/PID/stat ÷ observation lines in the window), how often each run
 * really gets polled, and the time to detect a crash (SIGKILL of a run's
 * member by the pid Operator recorded → its first ticket in the database), and
 * to repair it, over several crashes of different runs.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { execa } from 'execa'
import { type Fleet, type Supervisors, withFleet } from './bench-scale-fleet.js'
import { cpuTicks } from './bench-scale-procs.js'
import { percentiles, round, spread } from './bench-scale-stats.js'

export const SCALE_SIZES = [10, 20, 40] as const
export const SCALE_INTERVAL_MS = 250
export const WINDOW_MS = 5000
const SETTLE_MS = 2000
/** At the largest size each repetition costs most; more than this many are not made there. */
export const MAX_REPETITIONS_AT_LARGEST = 3

interface Window {
  cpuMsPerPoll: number
  monitorShare: number
  agentShare: number
  pollsPerRunPerSecond: number
  durations: number[]
}

interface Crash {
  run: string
  detect_ms: number
  repair_ms: number | null
  /** Actions the agent executed on the run for this crash (one restart is the expected repair). */
  executed: number
}

async function until<T>(what: string, ms: number, every: number, found: () => T | undefined, signal: AbortSignal) {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(every, undefined, { signal })) {
    const value = found()
    if (value !== undefined) return value
  }
  throw new Error(`${what} not within ${ms / 1000} s`)
}

const totalPolls = (s: Supervisors) => [...s.polls.values()].reduce((a, b) => a + b, 0)

async function steadyWindow(s: Supervisors, n: number, tickMs: number, signal: AbortSignal): Promise<Window> {
  const [monitorPid, agentPid] = [s.monitor.pid ?? 0, s.agent.pid ?? 0]
  s.takeDurations()
  const polls0 = totalPolls(s)
  const [m0, a0, t0] = [cpuTicks(monitorPid), cpuTicks(agentPid), performance.now()]
  await sleep(WINDOW_MS, undefined, { signal })
  const [m1, a1, t1] = [cpuTicks(monitorPid), cpuTicks(agentPid), performance.now()]
  const polls = totalPolls(s) - polls0
  const monitorMs = (m1 - m0) * tickMs
  return {
    cpuMsPerPoll: round(monitorMs / Math.max(1, polls), 3),
    monitorShare: round(monitorMs / (t1 - t0), 3),
    agentShare: round(((a1 - a0) * tickMs) / (t1 - t0), 3),
    pollsPerRunPerSecond: round(polls / n / ((t1 - t0) / 1000), 2),
    durations: s.takeDurations(),
  }
}

/** SIGKILL of the run's only member, by the pid `cluster status` reports; then its first ticket, then every ticket resolved. */
async function crash(fleet: Fleet, run: string, signal: AbortSignal): Promise<Crash> {
  const status = JSON.parse(await fleet.cli(['cluster', 'status', '--run', run, '--json'])) as {
    members: { pid: number | null }[]
  }
  const pid = status.members[0]?.pid
  if (!pid) throw new Error(`run ${run}: no pid recorded`)
  const killedAt = Date.now()
  process.kill(pid, 'SIGKILL')
  const since = () => fleet.store.tickets({ runId: run }).filter((t) => t.opened_at >= killedAt)
  const opened = await until(
    `a ticket for the crash of ${run}`,
    30_000,
    20,
    () => {
      const t = since()
      return t.length > 0 ? Math.min(...t.map((x) => x.opened_at)) : undefined
    },
    signal,
  )
  const repaired = await until(
    `${run} repaired`,
    60_000,
    100,
    () => {
      const t = since()
      const done = fleet.store.tickets({ runId: run }).every((x) => x.status === 'resolved')
      return done ? Math.max(...t.map((x) => x.resolved_at ?? 0)) : undefined
    },
    signal,
  ).catch(() => null)
  const executed = fleet.store.events({ runId: run, sinceTs: killedAt, types: ['proposal.executing'] }).length
  return { run, detect_ms: opened - killedAt, repair_ms: repaired === null ? null : repaired - killedAt, executed }
}

async function measureSize(fleet: Fleet, names: string[], reps: number, tickMs: number, signal: AbortSignal) {
  const s = fleet.supervise(names, SCALE_INTERVAL_MS)
  try {
    const polling = () => ([...s.polls.values()].every((p) => p >= 2) ? true : undefined)
    await until(`every run polled (${names.length})`, 60_000, 100, polling, signal)
    // Start-up (opening every run's clients, the agent's first look) is not part of the steady state.
    await sleep(SETTLE_MS, undefined, { signal })
    const windows: Window[] = []
    for (let i = 0; i < reps; i++) windows.push(await steadyWindow(s, names.length, tickMs, signal))
    const crashes: Crash[] = []
    for (let i = 0; i < reps; i++) {
      const run = names[Math.floor(((i + 0.5) * names.length) / reps)] ?? names[0] ?? ''
      crashes.push(await crash(fleet, run, signal))
      process.stderr.write(`bench: scale N=${names.length} crash ${i + 1}/${reps}: ${JSON.stringify(crashes.at(-1))}\n`)
      await sleep(1000, undefined, { signal })
    }
    return { windows, crashes }
  } finally {
    await fleet.stopSupervisors(s)
  }
}

function sizeReport(n: number, setUpMs: number, reps: number, m: Awaited<ReturnType<typeof measureSize>>) {
  const repaired = m.crashes.flatMap((c) => (c.repair_ms === null ? [] : [c.repair_ms]))
  return {
    runs: n,
    set_up_s: round(setUpMs / 1000, 1),
    repetitions: reps,
    monitor_cpu_ms_per_cluster_poll: spread(m.windows.map((w) => w.cpuMsPerPoll)),
    monitor_cpu_share_of_one_core: spread(m.windows.map((w) => w.monitorShare)),
    agent_cpu_share_of_one_core: spread(m.windows.map((w) => w.agentShare)),
    polls_per_run_per_second: spread(m.windows.map((w) => w.pollsPerRunPerSecond)),
    poll_duration_ms: percentiles(m.windows.flatMap((w) => w.durations)),
    crash: {
      time_to_detect_ms: spread(m.crashes.map((c) => c.detect_ms)),
      time_to_repair_ms: spread(repaired),
      repaired: `${repaired.length}/${m.crashes.length}`,
      crashed_runs: m.crashes.map((c) => c.run),
      actions_executed_per_crash: m.crashes.map((c) => c.executed),
    },
  }
}

export async function benchScaleRuns(reps: number, signal: AbortSignal, sizes: readonly number[] = SCALE_SIZES) {
  const tickMs = 1000 / Number((await execa('getconf', ['CLK_TCK'])).stdout)
  const largest = Math.max(...sizes)
  const names = Array.from({ length: largest }, (_, i) => `scale-${String(i + 1).padStart(2, '0')}`)
  return withFleet(signal, async (fleet) => {
    const reports: ReturnType<typeof sizeReport>[] = []
    let up = 0
    for (const n of sizes) {
      const started = Date.now()
      await fleet.up(names.slice(up, n))
      const setUpMs = Date.now() - started
      up = n
      const r = n === largest ? Math.min(reps, MAX_REPETITIONS_AT_LARGEST) : reps
      reports.push(sizeReport(n, setUpMs, r, await measureSize(fleet, names.slice(0, n), r, tickMs, signal)))
    }
    return reports
  })
}
