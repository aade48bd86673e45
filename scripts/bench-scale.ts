/**
 * The scale parts of `npm run bench` (issue 16): the monitor's pure check
 * path over 1,000 simulated runs fed recorded observations (`scale-check`),
 * and one monitor and one agent over 10, 20 and 40 real single-member etcd
 * runs (`scale`): CPU per poll and time to detect a crash as the fleet grows.
 */
import { benchCheckPath } from './bench-scale-check.js'
import { recordObservations } from './bench-scale-observations.js'
import {
  benchScaleRuns,
  MAX_REPETITIONS_AT_LARGEST,
  SCALE_INTERVAL_MS,
  SCALE_SIZES,
  WINDOW_MS,
} from './bench-scale-runs.js'

export async function scaleCheckPath(runs: number, signal: AbortSignal): Promise<Record<string, unknown>> {
  const recorded = await recordObservations(signal)
  return { scale_check_path: benchCheckPath(recorded, runs) }
}

export async function scaleRuns(runs: number, signal: AbortSignal): Promise<Record<string, unknown>> {
  const sizes = await benchScaleRuns(runs, signal)
  const capped = runs > MAX_REPETITIONS_AT_LARGEST
  return {
    scale_runs: {
      description: `one \`operator monitor --runs NAMES --interval ${SCALE_INTERVAL_MS}\` and one \`operator agent --runs NAMES\` (execute/auto) over N real single-member etcd runs (\`cluster up --members 1 --name\`, 4 at a time; the fleet grows from one size to the next, set_up_s is the time to add the new runs; monitor and agent start afresh per size). Per size: ${WINDOW_MS / 1000} s steady windows — monitor CPU (utime + stime from /proc/PID/stat) ÷ its observation lines = CPU per cluster-poll, its and the agent's CPU as a share of one core, polls each run really got per second (4 at most), poll durations; then crashes of different runs (SIGKILL of the member by the pid cluster status reports) → first ticket of that run in the database (detect) → every ticket of that run resolved by the agent (repair)`,
      repetitions: capped
        ? `BENCH_RUNS windows and crashes per size, but at most ${MAX_REPETITIONS_AT_LARGEST} at N=${Math.max(...SCALE_SIZES)} to keep the part short`
        : 'BENCH_RUNS windows and BENCH_RUNS crashes per size',
      sizes,
    },
  }
}
