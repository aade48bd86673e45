/**
 * Observations for the scale figures, in the form a recording holds them: the
 * monitor's NDJSON `observation` lines (what `operator demo` and scenario runs
 * record of the monitor), read back through the subject's schema. No recording
 * file ships with the repository, so the bench makes them once: one real
 * three-member etcd cluster, monitor polling every 250 ms — healthy, then a
 * follower killed, then the leader too (quorum lost).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { execa } from 'execa'
import { CLI_PATH } from '../src/cli/cli-path.js'
import { spawnOperator } from '../src/supervisor/children.js'
import { type EtcdObservation, EtcdObservationSchema } from '../subjects/etcd/index.js'

/** What the cluster was going through when the observation was made. */
export type Stage = 'healthy' | 'follower_down' | 'quorum_lost'

export interface RecordedObservation {
  stage: Stage
  observation: EtcdObservation
}

/** Polls per stage: 6 healthy, then 7 with a follower dead, then 7 with the leader dead too. */
export const STAGES: readonly { stage: Stage; polls: number; fault?: string }[] = [
  { stage: 'healthy', polls: 6 },
  { stage: 'follower_down', polls: 7, fault: 'follower' },
  { stage: 'quorum_lost', polls: 7, fault: 'leader' },
]

async function until(what: string, done: () => boolean, signal: AbortSignal): Promise<void> {
  for (const deadline = Date.now() + 60_000; !done(); await sleep(50, undefined, { signal }))
    if (Date.now() > deadline) throw new Error(`${what} not within 60 s`)
}

export async function recordObservations(signal: AbortSignal): Promise<RecordedObservation[]> {
  const home = mkdtempSync(join(tmpdir(), 'operator-bench-scale-obs-'))
  const env = { ...(process.env as Record<string, string>), OPERATOR_HOME: home }
  const cli = (args: string[]) =>
    execa(process.execPath, [CLI_PATH, ...args, '--subject', 'etcd'], { env, stdin: 'ignore', cancelSignal: signal })
  const recorded: RecordedObservation[] = []
  // null: lines are read but not kept (the poll in flight when a fault lands).
  let stage: Stage | null = null
  let seen = 0
  let problem: string | undefined
  const onLine = (line: string, stream: 'stdout' | 'stderr') => {
    if (stream !== 'stdout' || !line.includes('"observation"')) return
    const event = JSON.parse(line) as { event?: string; observation?: unknown }
    if (event.event !== 'observation') return
    seen++
    const parsed = EtcdObservationSchema.safeParse(event.observation)
    if (!parsed.success) problem = `a recorded observation does not parse: ${parsed.error.message}`
    else if (stage !== null) recorded.push({ stage, observation: parsed.data })
  }
  const check = () => {
    if (problem) throw new Error(problem)
  }
  let up = false
  let monitor: ReturnType<typeof spawnOperator> | undefined
  try {
    await cli(['cluster', 'up'])
    up = true
    monitor = spawnOperator(CLI_PATH, 'monitor', ['monitor', '--interval', '250', '--subject', 'etcd'], env, onLine)
    for (const s of STAGES) {
      stage = null
      if (s.fault) {
        await cli(['fault', 'kill_member', '--target', s.fault])
        const next = seen + 1
        await until('the poll after the fault', () => seen >= next, signal)
      }
      stage = s.stage
      const wanted = recorded.length + s.polls
      await until(
        `${s.stage} observations`,
        () => {
          check()
          return recorded.length >= wanted
        },
        signal,
      )
    }
    stage = null
    check()
    return recorded
  } finally {
    await monitor?.stop()
    if (up) await execa(process.execPath, [CLI_PATH, 'cluster', 'down'], { env, stdin: 'ignore', reject: false })
    rmSync(home, { recursive: true, force: true })
  }
}
