/**
 * Restarts one node's process with the same config and port: SIGCONT,
 * SIGTERM, SIGKILL if needed, start again, rewrite the pid record. A Redis
 * node comes back as a replica of the current primary (as the Sentinels name
 * it; as the primary only when they name the node itself); a Sentinel keeps
 * the state it rewrote into its config; an app simply starts. Once the stop
 * has begun it runs to the start regardless of any abort.
 */
import type { Clock } from '../../../src/core/clock.js'
import { systemClock } from '../../../src/core/clock.js'
import type { ProcessState } from '../observation.js'
import { currentPrimaryPort } from './current-primary.js'
import { logSize } from './log-tail.js'
import { findNode, nodeLaunch } from './node-launch.js'
import { recordedState, startNode, stopRecorded } from './node-process.js'
import { readNodeRecord, readRunRecord, writeNodeRecord } from './run-files.js'
import type { NodeProcessRecord } from './run-record.js'
import { STOP_GRACE_MS } from './settings.js'

export interface NodeRestart {
  /** The process state before the restart. */
  was: ProcessState
  record: NodeProcessRecord
  /** A Redis node: the port of the primary it was started to replicate from; null when it starts as the primary. */
  replica_of: number | null
  /** The size of the node's log before this start: its lines follow. */
  log_offset: number
}

export async function restartNode(
  home: string,
  runId: string,
  name: string,
  signal?: AbortSignal,
  clock: Clock = systemClock,
): Promise<NodeRestart> {
  const run = readRunRecord(home, runId)
  const node = findNode(run, name)
  signal?.throwIfAborted()
  // Asked before the stop: stopping a primary would leave the Sentinels to name it a little longer.
  const primaryPort =
    node.kind === 'app'
      ? node.port
      : ((await currentPrimaryPort(run, node.name)) ?? findNode(run, run.initial_primary).port)
  signal?.throwIfAborted()
  const old = readNodeRecord(home, runId, name)
  const was = old === null ? 'exited' : recordedState(old)
  // From here on the abort signal is deliberately ignored until the start is issued.
  if (old !== null) await stopRecorded(old, clock, STOP_GRACE_MS)
  const launch = nodeLaunch(home, run, node, primaryPort)
  const log_offset = logSize(launch.logFile)
  const record = await startNode(launch, clock.now())
  writeNodeRecord(home, runId, record)
  const replica_of = node.kind === 'redis' && primaryPort !== node.port ? primaryPort : null
  return { was, record, replica_of, log_offset }
}
