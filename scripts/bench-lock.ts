/**
 * The longest write-lock hold during a scenario, for `npm run bench`:
 * scenarios/etcd-member-crash.yaml run through the real CLI with
 * OPERATOR_TX_STATS set, so the `scenario run` process and its monitor, agent
 * and workload children each append their longest hold (BEGIN IMMEDIATE
 * acquired → COMMIT returned) when they exit. The figure is the longest of
 * them; the target is ≤ 50 ms.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { CLI_PATH } from '../src/cli/cli-path.js'
import { TX_STATS_ENV, type TxStats } from '../src/store/tx-stats.js'

export const LOCK_TARGET_MS = 50
export const LOCK_SCENARIO = 'scenarios/etcd-member-crash.yaml'

export interface LockRun {
  /** The longest hold of any process in the run. */
  longest_ms: number
  /** Whether the scenario itself passed (exit 0). */
  scenario_passed: boolean
  by_process: Pick<TxStats, 'command' | 'pid' | 'transactions' | 'max_ms' | 'max_at'>[]
}

export async function writeLockRun(signal: AbortSignal): Promise<LockRun> {
  const home = mkdtempSync(join(tmpdir(), 'operator-bench-lock-'))
  const statsFile = join(home, 'tx-stats.ndjson')
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    OPERATOR_HOME: home,
    [TX_STATS_ENV]: statsFile,
  }
  delete env.OPERATOR_DB
  try {
    const scenario = fileURLToPath(new URL(`../../${LOCK_SCENARIO}`, import.meta.url))
    const r = await execa(process.execPath, [CLI_PATH, 'scenario', 'run', scenario, '--json'], {
      env,
      reject: false,
      stdin: 'ignore',
      cancelSignal: signal,
    })
    if (!existsSync(statsFile)) throw new Error(`no write-lock statistics (scenario exited ${r.exitCode}): ${r.stderr}`)
    const lines = readFileSync(statsFile, 'utf8').trim().split('\n')
    const by_process = lines
      .map((l) => JSON.parse(l) as TxStats)
      .map(({ command, pid, transactions, max_ms, max_at }) => ({ command, pid, transactions, max_ms, max_at }))
      .sort((a, b) => b.max_ms - a.max_ms)
    return { longest_ms: by_process[0]?.max_ms ?? 0, scenario_passed: r.exitCode === 0, by_process }
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}

/** Several runs, one after another; each prints a progress line on stderr. */
export async function benchWriteLock(runs: number, signal: AbortSignal): Promise<LockRun[]> {
  const out: LockRun[] = []
  for (let i = 0; i < runs && !signal.aborted; i++) {
    const r = await writeLockRun(signal)
    out.push(r)
    const worst = r.by_process[0]
    process.stderr.write(
      `bench: write-lock run ${i + 1}/${runs}: longest hold ${r.longest_ms} ms (${worst?.command ?? '-'}), scenario ${r.scenario_passed ? 'passed' : 'FAILED'}\n`,
    )
  }
  return out
}
