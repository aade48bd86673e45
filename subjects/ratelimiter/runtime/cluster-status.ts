/**
 * `operator cluster status` of a ratelimiter run: each node's pid and process
 * state from its pid record and /proc. Reads files only, so it works from any
 * terminal; the primary as Sentinel sees it now is the observer's business.
 */
import type { ClusterStatus, MemberStatus } from '../../../src/core/subject.js'
import { candidateRuns } from '../../../src/executors/local/run-listing.js'
import { SUBJECT_NAME } from '../defaults.js'
import type { ProcessState } from '../observation.js'
import { recordedState } from './node-process.js'
import { readCurrentRun, readNodeRecord, readRunRecord, resolveRunId } from './run-files.js'
import type { RunNode } from './run-record.js'

/** The node's process state; 'exited' when it has no valid pid record. */
export function nodeProcessState(home: string, runId: string, name: string): ProcessState {
  try {
    const record = readNodeRecord(home, runId, name)
    return record === null ? 'exited' : recordedState(record)
  } catch {
    return 'exited'
  }
}

/** Where a client reaches the node: Redis and Sentinel speak RESP, the apps HTTP. */
export function nodeUrl(node: RunNode): string {
  return `${node.kind === 'app' ? 'http' : 'redis'}://127.0.0.1:${node.port}`
}

function nodeStatus(home: string, runId: string, node: RunNode): MemberStatus {
  const record = readNodeRecord(home, runId, node.name)
  const state = record === null ? 'exited' : recordedState(record)
  return {
    name: node.name,
    client_url: nodeUrl(node),
    peer_url: '',
    pid: record !== null && state !== 'exited' ? record.pid : null,
    state,
  }
}

export function clusterStatus(home: string, runId?: string): ClusterStatus {
  const run = readRunRecord(home, resolveRunId(home, runId))
  return {
    run_id: run.run_id,
    subject: SUBJECT_NAME,
    runtime: run.runtime,
    preferred: run.initial_primary,
    members: run.nodes.map((n) => nodeStatus(home, run.run_id, n)),
  }
}

export function currentRun(home: string): string | null {
  return readCurrentRun(home)
}

/** Runs up under the home: not taken down, with a node alive. */
export function liveRuns(home: string): string[] {
  return candidateRuns(home, SUBJECT_NAME).filter((id) => {
    try {
      return readRunRecord(home, id).nodes.some((n) => nodeProcessState(home, id, n.name) !== 'exited')
    } catch {
      return false
    }
  })
}
