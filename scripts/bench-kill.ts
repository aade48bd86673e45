/**
 * Kill-switch latency under load, for `npm run bench`: 10 sandbox containers
 * running and 100 pending proposals, then `pullKillSwitch` as `operator kill`
 * runs it — in this process, in this process while a flooded screen shares
 * its event loop (the screen's `K` in `operator demo`), and as the `operator
 * kill` command itself (a new process: start-up included). Measured from the
 * command to everything stopped: no proposal pending and no action container
 * of the run left on the engine.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { KillReport } from '../src/core/kill-report.js'
import { type Engine, requireEngine } from '../src/executors/docker/engine.js'
import { killActionContainers } from '../src/executors/docker/kill-action-containers.js'
import { pullKillSwitch } from '../src/safety/pull-kill-switch.js'
import { Store } from '../src/store/store.js'
import { createKillLoad, type KillLoad } from '../test/fixtures/kill-load.js'
import { startUiFlood } from './bench-ui.js'

export const KILL_LOAD = { containers: 10, proposals: 100 } as const

export interface KillRun {
  /** `operator kill` to its report (database, containers killed and removed). */
  report_ms: number
  /** The command to no pending proposal and no action container left, confirmed by the engine. */
  stopped_ms: number
  containers_killed: number
  proposals_cancelled: number
}

const PENDING = ['proposed', 'validated', 'awaiting_approval', 'approved'] as const

/** The load on a fresh database and the engine, handed to `run`, then cleaned up whatever happens. */
async function withKillLoad<T>(
  signal: AbortSignal,
  run: (load: KillLoad, store: Store, engine: Engine) => Promise<T>,
): Promise<T> {
  const engine = await requireEngine()
  const dir = mkdtempSync(join(tmpdir(), 'operator-bench-kill-'))
  const store = new Store(join(dir, 'operator.db'))
  const load = await createKillLoad(store, engine, KILL_LOAD)
  try {
    signal.throwIfAborted()
    return await run(load, store, engine)
  } finally {
    await load.cleanup()
    store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Where the kill switch is pulled from: see the module header. */
export type KillFrom = 'in_process' | 'under_ui_flood' | 'cli'

const CLI = join(dirname(fileURLToPath(import.meta.url)), '../src/cli/main.js')

/** `operator kill --json` on the bench's database, as a person would type it. */
async function killByCli(dbPath: string): Promise<KillReport> {
  const env = { ...process.env, OPERATOR_HOME: dirname(dbPath), OPERATOR_DB: dbPath }
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'kill', '--json', '--as', 'bench'], { env })
  return JSON.parse(stdout) as KillReport
}

function pull(store: Store, from: KillFrom): Promise<KillReport> {
  if (from === 'cli') return killByCli(store.db.name)
  return pullKillSwitch(store, 'bench', 0, { killContainers: (runIds) => killActionContainers(runIds) })
}

/** Pulls the kill switch; times its report, then everything stopped by the engine's and the database's account. */
async function untilStopped(load: KillLoad, store: Store, kill: () => Promise<KillReport>) {
  const started = performance.now()
  const report = await kill()
  const reportMs = performance.now() - started
  while ((await load.liveContainers()) > 0 || store.proposals({ status: [...PENDING] }).length > 0) {
    if (performance.now() - started > 30_000) throw new Error('kill switch left work running after 30 s')
    await new Promise((r) => setTimeout(r, 10))
  }
  return { report, reportMs, stoppedMs: performance.now() - started }
}

export function killSwitchRun(signal: AbortSignal, from: KillFrom = 'in_process'): Promise<KillRun> {
  return withKillLoad(signal, async (load, store) => {
    const flood = from === 'under_ui_flood' ? startUiFlood() : null
    const { report, reportMs, stoppedMs } = await untilStopped(load, store, () => pull(store, from)).finally(() =>
      flood?.stop(),
    )
    if (report.containers_killed !== KILL_LOAD.containers || report.proposals_cancelled !== KILL_LOAD.proposals) {
      const containers = `${report.containers_killed}/${KILL_LOAD.containers} containers`
      const proposals = `${report.proposals_cancelled}/${KILL_LOAD.proposals} proposals`
      throw new Error(`kill switch stopped ${containers}, ${proposals}`)
    }
    return {
      report_ms: Math.round(reportMs),
      stopped_ms: Math.round(stoppedMs),
      containers_killed: report.containers_killed,
      proposals_cancelled: report.proposals_cancelled,
    }
  })
}

/**
 * The floor under the kill switch: the same load, its containers killed with
 * a bare `docker kill` of each (in parallel), to the engine listing none.
 */
export function bareKillRun(signal: AbortSignal): Promise<number> {
  return withKillLoad(signal, async (load, _store, engine) => {
    const list = await engine.docker.listContainers({ filters: { label: [`operator.run=${load.runId}`] } })
    const started = performance.now()
    await Promise.all(list.map((c) => engine.docker.getContainer(c.Id).kill()))
    while ((await load.liveContainers()) > 0) await new Promise((r) => setTimeout(r, 10))
    return Math.round(performance.now() - started)
  })
}

/** Several runs, one after another; each prints a progress line on stderr. */
export async function benchKillSwitch(
  runs: number,
  signal: AbortSignal,
  from: KillFrom = 'in_process',
): Promise<KillRun[]> {
  const out: KillRun[] = []
  for (let i = 0; i < runs && !signal.aborted; i++) {
    const r = await killSwitchRun(signal, from)
    out.push(r)
    process.stderr.write(
      `bench: kill switch (${from}) run ${i + 1}/${runs}: report ${r.report_ms} ms, everything stopped ${r.stopped_ms} ms\n`,
    )
  }
  return out
}
