/**
 * The ratelimiter subject's process runtime: `up`/`down`/`status` of a run
 * (three Redis nodes, three Sentinels, three app instances, all local
 * processes recorded under OPERATOR_HOME), and what faults and actions do to
 * one node: signal it, restart it, read its state and its log.
 */
import { systemClock } from '../../../src/core/clock.js'
import type { ClusterStatus, ClusterUpOptions } from '../../../src/core/subject.js'
import { clusterDown as down } from './cluster-down.js'
import { currentRun as current, liveRuns as live, clusterStatus as status } from './cluster-status.js'
import { clusterUp as up } from './cluster-up.js'

export { clusterDown, stopRunNodes } from './cluster-down.js'
export { clusterStatus, currentRun, liveRuns, nodeProcessState, nodeUrl } from './cluster-status.js'
export type { UpDeps } from './cluster-up.js'
export { clusterUp } from './cluster-up.js'
export { currentPrimaryPort } from './current-primary.js'
export { decisiveLines } from './log-lines.js'
export { logSince, logSize, logTail } from './log-tail.js'
export { findNode } from './node-launch.js'
export type { Serving, WaitServing } from './node-serving.js'
export { nodeServing, waitNodeServing } from './node-serving.js'
export { notReady } from './readiness.js'
export { listedReplicas, parseInfo } from './redis-info.js'
export { redisCall, redisInfo, sentinelPrimaryPort } from './redis-probe.js'
export type { NodeRestart } from './restart-node.js'
export { restartNode } from './restart-node.js'
export { readNodeRecord, readRunRecord, removeNodeRecord, resolveRunId } from './run-files.js'
export { newRunRecord, validateUp } from './run-plan.js'
export * from './run-record.js'
export { redisSentinelBinary, redisServerBinary } from './settings.js'
export type { NodeSignal, NodeSignalResult } from './signal-node.js'
export { signalNode } from './signal-node.js'

/** `up`/`down`/`status`/`currentRun` as the subject module wires them (system clock, no log unless given). */
export const ratelimiterRuntime = {
  up: (options: ClusterUpOptions, signal: AbortSignal, log: UpLog = () => undefined): Promise<ClusterStatus> =>
    up(options, signal, { clock: systemClock, log }),
  down: (home: string, runId?: string): Promise<{ run_id: string; stopped: string[] }> => down(home, runId),
  status: async (home: string, runId?: string): Promise<ClusterStatus> => status(home, runId),
  currentRun: (home: string): string | null => current(home),
  liveRuns: (home: string): string[] => live(home),
}

type UpLog = (message: string, fields?: Record<string, unknown>) => void
