/**
 * The clusters a supervisor brings up: one (the subject's current run, as
 * `cluster up` starts it), or several named runs side by side (`demo
 * --clusters N`: `<subject>-<time>-1` … `-N`), each with the subject opened
 * on it. A failure halfway takes down what was already started; at the end
 * each run's unstarted proposals are cancelled and its cluster taken down.
 */
import { randomBytes } from 'node:crypto'
import { systemClock } from '../core/clock.js'
import { errorMessage, OperatorError } from '../core/errors.js'
import { operatorHost } from '../core/host.js'
import type { Proposal } from '../core/records.js'
import type { Tone } from '../core/run-events.js'
import type { ClusterStatus, Subject, SubjectModule } from '../core/subject.js'
import { runNameTaken } from '../executors/local/run-files.js'
import { cancelUnstartedOfRun } from '../safety/end-run.js'
import type { Store } from '../store/store.js'

/** Most clusters one demo starts: each is a whole cluster of the subject on this machine. */
export const MAX_CLUSTERS = 8

/** One cluster the supervisor started: its status when it came up and the subject opened on it. */
export interface SupervisedRun {
  readonly status: ClusterStatus
  readonly subject: Subject
  /** Brought up by this supervisor, so taken down at the end; false: a run that was there before (an attached cluster). */
  readonly owned: boolean
}

/**
 * Names of `n` runs that start side by side: `<subject>-<hhmmss>-1` … (UTC
 * time of day), with a random tag after the time when one of them is taken.
 */
export function clusterNames(subject: string, n: number, now: number, taken: (name: string) => boolean): string[] {
  const stamp = new Date(now).toISOString().slice(11, 19).replaceAll(':', '')
  for (let attempt = 0; attempt < 20; attempt++) {
    const tag = attempt === 0 ? '' : randomBytes(2).toString('hex')
    const names = Array.from({ length: n }, (_, i) => `${subject}-${stamp}${tag}-${i + 1}`)
    if (!names.some(taken)) return names
  }
  throw new OperatorError('conflict', `no free run names for ${n} ${subject} clusters`, 'try again in a second')
}

export interface BringUpOptions {
  module: SubjectModule
  home: string
  store: Store
  /** How many clusters: 1 is the subject's current run; more are named runs beside each other. */
  clusters: number
  /** Runs that are up already (`demo --run`, an attached cluster): supervised, never started or taken down. */
  existing?: readonly string[]
  signal: AbortSignal
}

async function openExisting(o: BringUpOptions, ids: readonly string[]): Promise<SupervisedRun[]> {
  const runs: SupervisedRun[] = []
  try {
    for (const id of ids) {
      const status = await o.module.status(o.home, id)
      const subject = await o.module.open(o.home, id, { clock: systemClock, log: () => undefined })
      runs.push({ status, subject, owned: false })
    }
    return runs
  } catch (err) {
    await Promise.all(runs.map((r) => r.subject.close().catch(() => undefined)))
    throw err
  }
}

/** Starts the clusters one after another (each takes its ports before the next looks) and opens the subject on each. */
export async function bringUp(o: BringUpOptions): Promise<SupervisedRun[]> {
  if (o.existing !== undefined && o.existing.length > 0) return openExisting(o, o.existing)
  if (!Number.isInteger(o.clusters) || o.clusters < 1 || o.clusters > MAX_CLUSTERS)
    throw new OperatorError('usage', `--clusters must be 1 to ${MAX_CLUSTERS}, not ${o.clusters}`, 'give --clusters N')
  const names =
    o.clusters === 1
      ? [undefined]
      : clusterNames(o.module.name, o.clusters, Date.now(), (name) => runNameTaken(o.home, name))
  const runs: SupervisedRun[] = []
  const started: string[] = []
  try {
    for (const name of names) {
      const status = await o.module.up({ home: o.home, ...(name !== undefined ? { name } : {}) }, o.signal)
      started.push(status.run_id)
      const event = { run_id: status.run_id, actor: 'demo', type: 'cluster.up', payload: { ...status } }
      o.store.publishRun({ status, host: operatorHost(), home: o.home }, event)
      const subject = await o.module.open(o.home, status.run_id, { clock: systemClock, log: () => undefined })
      runs.push({ status, subject, owned: true })
    }
    return runs
  } catch (err) {
    await closeAndDown(o.module, o.home, runs, started)
    throw err
  }
}

/** Closes the subjects and takes every started run down; a run that will not go down does not stop the others. */
export async function closeAndDown(
  module: SubjectModule,
  home: string,
  runs: readonly SupervisedRun[],
  runIds: readonly string[] = runs.map((r) => r.status.run_id),
): Promise<void> {
  await Promise.all(runs.map((r) => r.subject.close().catch(() => undefined)))
  const notOwned = new Set(runs.filter((r) => !r.owned).map((r) => r.status.run_id))
  await Promise.all(runIds.filter((id) => !notOwned.has(id)).map((id) => module.down(home, id).catch(() => undefined)))
}

export interface EndRunOptions {
  module: SubjectModule
  home: string
  store: Store
  /** Who cancels (the recording's kind: demo, headless, scenario). */
  actor: string
  /** Several runs: the notices name the run. */
  several: boolean
  notice: (text: string, tone: Tone) => void
}

/**
 * After the children stopped: cancels the run's proposals that never started
 * (nothing is left to carry them on: see end-run.ts), then takes its cluster
 * down. Returns what it cancelled; failures are notices, never thrown.
 */
export async function endRun(run: SupervisedRun, o: EndRunOptions): Promise<Proposal[]> {
  const runId = run.status.run_id
  let cancelled: Proposal[] = []
  try {
    cancelled = cancelUnstartedOfRun(o.store, runId, o.actor)
    const where = o.several ? `run ${runId}` : 'run'
    if (cancelled.length > 0)
      o.notice(`${where} ended: cancelled ${cancelled.map((p) => p.id).join(', ')} (never executed)`, 'warn')
  } catch (err) {
    o.notice(`cancelling the run's pending proposals failed: ${errorMessage(err)}`, 'bad')
  }
  await run.subject.close().catch(() => undefined)
  // A run that was there before the demo (an attached cluster) is left as it was found.
  if (!run.owned) return cancelled
  try {
    const down = await o.module.down(o.home, runId)
    o.store.retireRun(runId, { run_id: runId, actor: 'demo', type: 'cluster.down', payload: { ...down } })
  } catch (err) {
    o.notice(`cluster down failed: ${errorMessage(err)}`, 'bad')
  }
  return cancelled
}
