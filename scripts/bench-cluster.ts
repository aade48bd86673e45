/**
 * What every loop measurement in the bench stands on: a fresh OPERATOR_HOME
 * in execute/auto mode, a cluster of the subject up, the monitor (250 ms
 * interval) and the agent (defaults) as real processes — and all of it
 * stopped and removed afterwards, whatever happens in between.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { execa } from 'execa'
import { CLI_PATH } from '../src/cli/cli-path.js'
import { Store } from '../src/store/store.js'
import { spawnOperator } from '../src/supervisor/children.js'

export interface BenchCluster {
  home: string
  /** `operator ARGS --subject S` in this home. */
  cli(args: string[]): Promise<unknown>
  /** Another child (`operator ARGS --subject S`), stopped with the others; `onLine` gets its output. */
  spawn(name: string, args: string[], onLine?: (line: string) => void): void
  /**
   * After a fault: polls `done(store, faultTs)` every 100 ms against the run's
   * database until it answers, for at most 120 s (`what` names the wait).
   */
  afterFault<T>(what: string, done: (store: Store, faultTs: number) => Promise<T | undefined>): Promise<T>
}

async function afterFault<T>(
  home: string,
  signal: AbortSignal,
  what: string,
  done: (store: Store, faultTs: number) => Promise<T | undefined>,
): Promise<T> {
  const store = new Store(join(home, 'operator.db'))
  try {
    const fault = store.events({ types: ['fault.injected'] }).at(-1)
    if (!fault) throw new Error('fault not recorded')
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
      const result = await done(store, fault.ts)
      if (result !== undefined) return result
      await sleep(100, undefined, { signal })
    }
    throw new Error(`${what} not within 120 s`)
  } finally {
    store.close()
  }
}

export async function withSupervisedCluster<T>(
  subjectName: string,
  signal: AbortSignal,
  body: (c: BenchCluster) => Promise<T>,
): Promise<T> {
  const home = mkdtempSync(join(tmpdir(), `operator-bench-${subjectName}-`))
  const env = {
    ...(process.env as Record<string, string>),
    OPERATOR_HOME: home,
    OPERATOR_SAFETY_MODE: 'execute',
    OPERATOR_APPROVAL_MODE: 'auto',
  }
  const subject = ['--subject', subjectName]
  const cli = (args: string[]) =>
    execa(process.execPath, [CLI_PATH, ...args, ...subject], { env, stdin: 'ignore', cancelSignal: signal })
  const children: ReturnType<typeof spawnOperator>[] = []
  const spawn = (name: string, args: string[], onLine: (line: string) => void = () => undefined) => {
    children.push(spawnOperator(CLI_PATH, name, [...args, ...subject], env, onLine))
  }
  let up = false
  try {
    await cli(['cluster', 'up'])
    up = true
    spawn('monitor', ['monitor', '--interval', '250'])
    spawn('agent', ['agent'])
    return await body({ home, cli, spawn, afterFault: (what, done) => afterFault(home, signal, what, done) })
  } finally {
    await Promise.all(children.map((c) => c.stop()))
    if (up)
      await execa(process.execPath, [CLI_PATH, 'cluster', 'down', ...subject], { env, stdin: 'ignore', reject: false })
    rmSync(home, { recursive: true, force: true })
  }
}
