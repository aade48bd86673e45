/**
 * Many single-member etcd runs under one OPERATOR_HOME for the scale figures:
 * runs brought up in parallel (bounded), one `operator monitor --runs` and one
 * `operator agent --runs` over a chosen set of them (execute/auto mode), the
 * monitor's observations counted per run from its NDJSON — and every run
 * taken down and the home removed afterwards, whatever happens in between.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { CLI_PATH } from '../src/cli/cli-path.js'
import { Store } from '../src/store/store.js'
import { type Child, spawnOperator } from '../src/supervisor/children.js'
import { killLeftovers, pool } from './bench-scale-procs.js'

/** Cluster ups at once: each is a node process and an etcd starting, on a 2-core machine. */
const UP_CONCURRENCY = 4
const DOWN_CONCURRENCY = 8

/** One monitor and one agent over some of the fleet's runs. */
export interface Supervisors {
  monitor: Child
  agent: Child
  /** Observation lines seen so far, by run. */
  polls: Map<string, number>
  /** Poll durations (`duration_ms` of each observation) since the last call. */
  takeDurations(): number[]
}

export interface Fleet {
  home: string
  store: Store
  /** `operator ARGS` in this home. */
  cli(args: string[]): Promise<string>
  /** Brings these runs up, UP_CONCURRENCY at a time: `cluster up --members 1 --name NAME`. */
  up(names: readonly string[]): Promise<void>
  supervise(names: readonly string[], intervalMs: number): Supervisors
  /** Stops the monitor and agent of `supervise`. */
  stopSupervisors(s: Supervisors): Promise<void>
}

export async function withFleet<T>(signal: AbortSignal, body: (fleet: Fleet) => Promise<T>): Promise<T> {
  const home = mkdtempSync(join(tmpdir(), 'operator-bench-scale-'))
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    OPERATOR_HOME: home,
    OPERATOR_SAFETY_MODE: 'execute',
    OPERATOR_APPROVAL_MODE: 'auto',
  }
  delete env.OPERATOR_DB
  const cli = async (args: string[]) =>
    (await execa(process.execPath, [CLI_PATH, ...args], { env, stdin: 'ignore', cancelSignal: signal })).stdout
  const started: string[] = []
  const children: Child[] = []
  let store: Store | undefined
  try {
    const fleet: Fleet = {
      home,
      get store() {
        store ??= new Store(join(home, 'operator.db'))
        return store
      },
      cli,
      up: (names) =>
        pool(names, UP_CONCURRENCY, async (name) => {
          // Recorded first: a half-started run is taken down too.
          started.push(name)
          await cli(['cluster', 'up', '--subject', 'etcd', '--members', '1', '--name', name])
        }),
      supervise(names, intervalMs) {
        const polls = new Map<string, number>(names.map((n) => [n, 0]))
        let durations: number[] = []
        const onLine = (line: string, stream: 'stdout' | 'stderr') => {
          if (stream !== 'stdout' || !line.includes('"event":"observation"')) return
          const o = JSON.parse(line) as { run_id?: string; observation?: { duration_ms?: number } }
          if (o.run_id !== undefined) polls.set(o.run_id, (polls.get(o.run_id) ?? 0) + 1)
          if (o.observation?.duration_ms !== undefined) durations.push(o.observation.duration_ms)
        }
        const runs = ['--runs', names.join(',')]
        const monitor = spawnOperator(
          CLI_PATH,
          'monitor',
          ['monitor', ...runs, '--interval', String(intervalMs)],
          env,
          onLine,
        )
        const agent = spawnOperator(CLI_PATH, 'agent', ['agent', ...runs], env, () => undefined)
        children.push(monitor, agent)
        const takeDurations = () => {
          const taken = durations
          durations = []
          return taken
        }
        return { monitor, agent, polls, takeDurations }
      },
      stopSupervisors: async (s) => {
        await Promise.all([s.monitor.stop(), s.agent.stop()])
      },
    }
    return await body(fleet)
  } finally {
    await Promise.all(children.map((c) => c.stop()))
    store?.close()
    await pool(started, DOWN_CONCURRENCY, async (name) => {
      const r = await execa(process.execPath, [CLI_PATH, 'cluster', 'down', '--run', name], {
        env,
        stdin: 'ignore',
        reject: false,
      })
      if (r.exitCode !== 0) process.stderr.write(`bench: scale: cluster down --run ${name}: ${r.stderr}\n`)
    })
    killLeftovers(home)
    rmSync(home, { recursive: true, force: true })
  }
}
