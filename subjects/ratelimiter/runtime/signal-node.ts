/**
 * Sends SIGKILL, SIGSTOP or SIGCONT to one node's recorded process (never to
 * a pid the kernel has given to another process): the faults' kill, pause
 * and resume. A node with no live process is a conflict naming the fix.
 */
import { OperatorError } from '../../../src/core/errors.js'
import type { ProcessState } from '../observation.js'
import { findNode } from './node-launch.js'
import { recordedState, signalRecorded } from './node-process.js'
import { readNodeRecord, readRunRecord } from './run-files.js'

export type NodeSignal = 'SIGKILL' | 'SIGSTOP' | 'SIGCONT'

export interface NodeSignalResult {
  summary: string
  pid: number
  /** The process state before the signal. */
  was: ProcessState
  /** False when it already was in the state asked for (SIGSTOP on a paused node, SIGCONT on a running one). */
  changed: boolean
}

export function signalNode(home: string, runId: string, name: string, signal: NodeSignal): NodeSignalResult {
  const run = readRunRecord(home, runId)
  const node = findNode(run, name)
  const record = readNodeRecord(home, runId, node.name)
  const was = record === null ? 'exited' : recordedState(record)
  if (record === null || was === 'exited' || !signalRecorded(record, signal)) {
    throw new OperatorError(
      'conflict',
      `${name} has no live process to signal (exited, or its pid now belongs to another process)`,
      `bring it back with a restart (${node.kind === 'app' ? 'restart_app_node' : 'restart_redis_node'} ${name})`,
    )
  }
  const changed = signal === 'SIGKILL' || (signal === 'SIGSTOP' ? was !== 'paused' : was === 'paused')
  return { summary: `${signal} sent to ${name} (pid ${record.pid})`, pid: record.pid, was, changed }
}
