/**
 * Kill-switch fan-out of the `store` bench section, on PostgreSQL: per run a
 * fresh database and FANOUT_LISTENERS separate Node processes LISTENing the
 * way agents do (bench-store-listener.ts); once all say they listen, the kill
 * switch is engaged KILLS_PER_RUN times through the real database half
 * (engageKillSwitch on a Store of the same database; the latch stays set
 * after the first, and every later one still commits and notifies) and each
 * listener's arrival time minus the time just before the call is one sample.
 * A kill that does not reach every listener, or a second notification for
 * one kill, fails the bench.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { engageKillSwitch, KILL_SWITCH_EVENT } from '../src/safety/kill-switch.js'
import { Store } from '../src/store/store.js'
import { percentiles } from './bench-scale-stats.js'
import { lineReader } from './bench-store-race.js'

export const FANOUT_LISTENERS = 4
export const KILLS_PER_RUN = 10
const LISTENER_PATH = fileURLToPath(new URL('./bench-store-listener.js', import.meta.url))
/** Longest wait for a listener to start, or for a notification to reach it. */
const WAIT_MS = 10_000

const epochMs = () => performance.timeOrigin + performance.now()

/** Milliseconds from just before engageKillSwitch to each listener's notification, over one fresh database. */
async function fanoutRun(db: string, signal: AbortSignal): Promise<{ ms: number[]; engage_ms: number[] }> {
  const store = new Store(db)
  const children: ChildProcess[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  const settle = <T>(work: Promise<T>, what: string) =>
    Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`kill fan-out: no ${what} within ${WAIT_MS} ms`)), WAIT_MS)
        const onAbort = () => reject(signal.reason)
        if (signal.aborted) onAbort()
        signal.addEventListener('abort', onAbort, { once: true })
        void work.finally(() => signal.removeEventListener('abort', onAbort)).catch(() => undefined)
      }),
    ]).finally(() => clearTimeout(timer))
  try {
    const readers = Array.from({ length: FANOUT_LISTENERS }, (_, k) => {
      const child = spawn(process.execPath, [LISTENER_PATH, db], { stdio: 'pipe' })
      children.push(child)
      return lineReader(child, `listener-${k + 1}`)
    })
    const ready = await settle(Promise.all(readers.map((read) => read())), 'ready from every listener')
    if (ready.some((line) => line !== 'ready')) throw new Error(`listeners did not start: ${ready.join(', ')}`)
    const ms: number[] = []
    const engage_ms: number[] = []
    let lastSeq = 0
    for (let i = 0; i < KILLS_PER_RUN; i++) {
      signal.throwIfAborted()
      const t0 = epochMs()
      const { seq } = engageKillSwitch(store.db, 'bench', Date.now())
      engage_ms.push(epochMs() - t0)
      if (seq <= lastSeq) throw new Error(`kill ${i + 1} did not commit a new ${KILL_SWITCH_EVENT} event`)
      lastSeq = seq
      const lines = await settle(Promise.all(readers.map((read) => read())), `notification of kill ${i + 1}`)
      for (const line of lines) {
        const at = Number(line)
        if (!Number.isFinite(at) || at < t0) throw new Error(`kill ${i + 1}: listener said ${line}, before it (${t0})`)
        ms.push(at - t0)
      }
    }
    // Every notification accounted for: none left over (a second one for a kill would show here).
    const quiet = () => new Promise<boolean>((resolve) => setTimeout(resolve, 200, false))
    const more = await Promise.all(readers.map((read) => Promise.race([read().then(() => true, quiet), quiet()])))
    if (more.some(Boolean))
      throw new Error(`${more.filter(Boolean).length} listeners had more notifications than kills`)
    const engaged = store.events({ types: [KILL_SWITCH_EVENT] }).length
    if (engaged !== KILLS_PER_RUN) throw new Error(`${engaged} ${KILL_SWITCH_EVENT} events for ${KILLS_PER_RUN} kills`)
    if (!store.modes().kill_latched) throw new Error('the kill latch is not set after the kills')
    return { ms, engage_ms }
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? once(c, 'exit') : null)))
    store.close()
  }
}

/** BENCH_RUNS fan-out runs, each on a database from `fresh`. */
export async function killFanout(fresh: () => Promise<string>, runs: number, signal: AbortSignal) {
  const ms: number[] = []
  const engage: number[] = []
  for (let i = 0; i < runs; i++) {
    signal.throwIfAborted()
    const run = await fanoutRun(await fresh(), signal)
    ms.push(...run.ms)
    engage.push(...run.engage_ms)
    const { p50, max } = percentiles(run.ms, 2)
    const engaged = percentiles(run.engage_ms, 2).p50
    process.stderr.write(
      `bench: store postgres kill fan-out run ${i + 1}/${runs}: p50 ${p50} ms, max ${max} ms (engageKillSwitch itself p50 ${engaged} ms)\n`,
    )
  }
  const { p50, p95 } = percentiles(engage, 2)
  process.stderr.write(`bench: store postgres engageKillSwitch alone: p50 ${p50} ms, p95 ${p95} ms\n`)
  return { listeners: FANOUT_LISTENERS, ...percentiles(ms, 2) }
}
