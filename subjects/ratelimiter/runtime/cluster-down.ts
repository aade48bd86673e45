/**
 * `operator cluster down` of a ratelimiter run: stops exactly its processes
 * (never a reused pid) — the apps first, then the Sentinels (so none starts a
 * failover while the Redis nodes go), then the Redis nodes — and clears the
 * current-run pointer if it names that run.
 */
import type { Clock } from '../../../src/core/clock.js'
import { systemClock } from '../../../src/core/clock.js'
import { markRunDown } from '../../../src/executors/local/run-listing.js'
import { stopRecorded } from './node-process.js'
import { clearCurrentRun, readNodeRecord, readRunRecord, resolveRunId } from './run-files.js'
import type { NodeKind, NodeProcessRecord, RatelimiterRunRecord } from './run-record.js'
import { STOP_GRACE_MS } from './settings.js'

const STOP_ORDER: readonly NodeKind[] = ['app', 'sentinel', 'redis']

/** Stops every recorded process of the run, kind by kind; returns the names of those that were alive. */
export async function stopRunNodes(home: string, run: RatelimiterRunRecord, clock: Clock): Promise<string[]> {
  const stopped: string[] = []
  for (const kind of STOP_ORDER) {
    const records = run.nodes
      .filter((n) => n.kind === kind)
      .map((n) => readNodeRecord(home, run.run_id, n.name))
      .filter((r): r is NodeProcessRecord => r !== null)
    const alive = await Promise.all(records.map((r) => stopRecorded(r, clock, STOP_GRACE_MS)))
    records.forEach((r, i) => {
      if (alive[i]) stopped.push(r.name)
    })
  }
  return stopped
}

export async function clusterDown(
  home: string,
  runId?: string,
  clock: Clock = systemClock,
): Promise<{ run_id: string; stopped: string[] }> {
  const id = resolveRunId(home, runId)
  const run = readRunRecord(home, id)
  // Marked first: a monitor polling it now sees a shutdown, not a fault, and opens no ticket an agent would act on.
  markRunDown(home, id, clock.now())
  const stopped = await stopRunNodes(home, run, clock)
  clearCurrentRun(home, id)
  return { run_id: id, stopped }
}
