/**
 * `up`, `down` and `status` of the etcd subject, whatever runs the members:
 * `up` takes the runtime from its options (processes by default), `down`
 * and `status` from the run record, so they work from any terminal with no
 * flag. A second `up` is refused while the current run still has a live
 * member, on either runtime.
 */
import type { Clock } from '../../../src/core/clock.js'
import { OperatorError } from '../../../src/core/errors.js'
import type { ClusterStatus, ClusterUpOptions } from '../../../src/core/subject.js'
import { refuseTakenRunName } from '../../../src/executors/local/run-files.js'
import { markRunDown } from '../../../src/executors/local/run-listing.js'
import { attachedStatus } from '../attach.js'
import { clusterDown } from './cluster-down.js'
import { clusterStatus } from './cluster-status.js'
import { clusterUp } from './cluster-up.js'
import { dockerClusterStatus } from './docker/docker-cluster-status.js'
import { dockerClusterUp } from './docker/docker-cluster-up.js'
import { removeRun } from './docker/remove-run.js'
import type { RunRecord } from './run-records.js'
import { clearCurrentRun, readCurrentRun, readRunRecord, resolveRunId } from './run-records.js'
import { findEngineOnce, memberRuntimeOf } from './runtime-of.js'

export interface LifecycleDeps {
  clock: Clock
  log: (message: string, fields?: Record<string, unknown>) => void
}

/** The current run's members that are still alive; none when it cannot tell (no record, no engine). */
async function liveMembersOfCurrentRun(home: string): Promise<{ run: RunRecord; alive: string[] } | null> {
  const current = readCurrentRun(home)
  if (current === null) return null
  let run: RunRecord
  try {
    run = readRunRecord(home, current)
  } catch {
    return null
  }
  // An attached cluster is not Operator's: it never stands in the way of starting one.
  if (run.runtime === 'attached') return null
  const runtime = memberRuntimeOf(home, run)
  const alive: string[] = []
  for (const m of run.members) {
    try {
      if ((await runtime.view(m.name)).process !== 'exited') alive.push(m.name)
    } catch {
      // Unknowable (e.g. the engine is gone): not counted as alive.
    }
  }
  return { run, alive }
}

export async function upCluster(
  options: ClusterUpOptions,
  signal: AbortSignal,
  deps: LifecycleDeps,
): Promise<ClusterStatus> {
  if (options.name !== undefined) refuseTakenRunName(options.home, options.name)
  else {
    const current = await liveMembersOfCurrentRun(options.home)
    if (current !== null && current.alive.length > 0) {
      throw new OperatorError(
        'conflict',
        `etcd run ${current.run.run_id} (${current.run.runtime}) is already up (${current.alive.join(', ')} running)`,
        'run `operator cluster down` first, or give --name to start another cluster beside it',
      )
    }
  }
  return options.runtime === 'docker' ? dockerClusterUp(options, signal, deps) : clusterUp(options, signal, deps)
}

export async function downCluster(
  home: string,
  runId?: string,
  clock?: Clock,
): Promise<{ run_id: string; stopped: string[] }> {
  const id = resolveRunId(home, runId)
  const run = readRunRecord(home, id)
  if (run.runtime === 'attached')
    throw new OperatorError(
      'usage',
      `run ${id} is attached: Operator did not start it and never stops it`,
      `forget it with \`operator cluster detach ${id}\``,
    )
  // Marked first: a monitor polling it now sees a shutdown, not a fault, and opens no ticket an agent would act on.
  markRunDown(home, id, Date.now())
  if (run.runtime === 'process') return clusterDown(home, id, clock)
  const engine = await findEngineOnce(run)()
  const removed = await removeRun(engine, id)
  clearCurrentRun(home, id)
  return { run_id: id, stopped: removed.stopped }
}

export async function statusOfRun(home: string, runId?: string): Promise<ClusterStatus> {
  const run = readRunRecord(home, resolveRunId(home, runId))
  if (run.runtime === 'process') return clusterStatus(home, run.run_id)
  if (run.runtime === 'attached') return attachedStatus(run)
  return dockerClusterStatus(run, memberRuntimeOf(home, run))
}
