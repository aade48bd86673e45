/**
 * `operator cluster up --subject ratelimiter`: three Redis nodes (the first
 * the primary, two replicas of it), three Sentinels watching it, three app
 * instances sharing the limit through it — all on free loopback ports,
 * started detached and recorded. Waits until replication, Sentinel and the
 * apps are ready; if anything fails it stops what it started and says why in one line.
 */
import { mkdirSync } from 'node:fs'
import type { Clock } from '../../../src/core/clock.js'
import { errorMessage, isOperatorError, OperatorError } from '../../../src/core/errors.js'
import type { ClusterStatus, ClusterUpOptions } from '../../../src/core/subject.js'
import { freePorts } from '../../../src/executors/local/free-ports.js'
import { refuseTakenRunName } from '../../../src/executors/local/run-files.js'
import { APPS, REDIS_NODES, SENTINELS } from '../defaults.js'
import { stopRunNodes } from './cluster-down.js'
import { clusterStatus, nodeProcessState } from './cluster-status.js'
import { findNode, nodeLaunch } from './node-launch.js'
import { startNode } from './node-process.js'
import {
  clearCurrentRun,
  newRunId,
  readCurrentRun,
  readRunRecord,
  writeCurrentRun,
  writeNodeRecord,
  writeRunRecord,
} from './run-files.js'
import { newRunRecord, validateUp } from './run-plan.js'
import type { RatelimiterRunRecord } from './run-record.js'
import { runDir } from './run-record.js'
import { waitUntilReady } from './wait-ready.js'

export interface UpDeps {
  clock: Clock
  log: (message: string, fields?: Record<string, unknown>) => void
}

function refuseIfCurrentRunAlive(home: string): void {
  const current = readCurrentRun(home)
  if (current === null) return
  let run: RatelimiterRunRecord
  try {
    run = readRunRecord(home, current)
  } catch {
    return
  }
  const alive = run.nodes.filter((n) => nodeProcessState(home, current, n.name) !== 'exited').map((n) => n.name)
  if (alive.length > 0) {
    throw new OperatorError(
      'conflict',
      `ratelimiter run ${current} is already up (${alive.join(', ')} running)`,
      'run `operator cluster down --subject ratelimiter` first, or give --name to start another beside it',
    )
  }
}

export async function clusterUp(options: ClusterUpOptions, signal: AbortSignal, deps: UpDeps): Promise<ClusterStatus> {
  const { primary, maxmemory } = validateUp(options)
  const { home } = options
  if (options.name !== undefined) refuseTakenRunName(home, options.name)
  else refuseIfCurrentRunAlive(home)
  signal.throwIfAborted()
  const runId = options.name ?? newRunId(deps.clock.now())
  const count = REDIS_NODES.length + SENTINELS.length + APPS.length
  const run = newRunRecord(runId, deps.clock.now(), await freePorts(count), primary, maxmemory)
  mkdirSync(runDir(home, runId), { recursive: true, mode: 0o700 })
  writeRunRecord(home, run)
  const primaryNode = findNode(run, primary)
  deps.log('starting ratelimiter nodes', { run_id: runId, nodes: run.nodes })
  try {
    // The primary first, so replicas and Sentinels find it at once; the apps last, once Sentinel can name it.
    const order = [primaryNode, ...run.nodes.filter((n) => n.name !== primary)]
    for (const node of order) {
      signal.throwIfAborted()
      const launch = nodeLaunch(home, run, node, primaryNode.port)
      writeNodeRecord(home, runId, await startNode(launch, deps.clock.now()))
    }
    writeCurrentRun(home, runId)
    await waitUntilReady(home, run, primaryNode, signal, deps.clock)
    deps.log('ratelimiter run up', { run_id: runId, primary })
  } catch (err) {
    deps.log('ratelimiter startup failed; stopping nodes', { run_id: runId, error: errorMessage(err) })
    await stopRunNodes(home, run, deps.clock)
    clearCurrentRun(home, runId)
    if (isOperatorError(err) || signal.aborted) throw err
    throw new OperatorError(
      'subject',
      `ratelimiter startup failed: ${errorMessage(err)}`,
      `see the node logs in ${runDir(home, runId)}/logs`,
      {
        cause: err,
      },
    )
  }
  return clusterStatus(home, runId)
}
