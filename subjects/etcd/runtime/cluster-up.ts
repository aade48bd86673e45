/**
 * `operator cluster up` for the process runtime: three members on free loopback
 * ports, started detached, recorded in pid files; waits until every member is
 * healthy with a leader, then puts the leader on the preferred member. If
 * anything fails, it stops what it started and says why in one line.
 */
import { mkdirSync } from 'node:fs'
import type { Clock } from '../../../src/core/clock.js'
import { OperatorError, errorMessage, isOperatorError } from '../../../src/core/errors.js'
import type { ClusterStatus, ClusterUpOptions } from '../../../src/core/subject.js'
import { MemberClients } from '../clients.js'
import { DEFAULT_QUOTA_BYTES, MEMBER_NAMES, STARTUP_TIMEOUT_MS, TRANSFER_TIMEOUT_MS, etcdBinary } from '../defaults.js'
import { transferLeadership } from '../leader-transfer.js'
import type { EtcdObservation } from '../observation.js'
import { createObserver } from '../observe.js'
import { stopMembers } from './cluster-down.js'
import { clusterStatus, memberProcessState } from './cluster-status.js'
import { freePorts } from './free-ports.js'
import { logTail } from './log-tail.js'
import { memberLaunch } from './member-launch.js'
import { startMember } from './member-process.js'
import { memberLogFile, newRunId, runDir } from './run-paths.js'
import {
  clearCurrentRun,
  readCurrentRun,
  readMemberRecord,
  readRunRecord,
  writeCurrentRun,
  writeMemberRecord,
  writeRunRecord,
} from './run-records.js'
import type { MemberRecord, RunRecord } from './run-records.js'

export interface UpDeps {
  clock: Clock
  log: (message: string, fields?: Record<string, unknown>) => void
}

export function validate(options: ClusterUpOptions): { preferred: string; quotaBytes: number } {
  const preferred = options.preferred ?? MEMBER_NAMES[0]
  if (!(MEMBER_NAMES as readonly string[]).includes(preferred)) {
    throw new OperatorError('usage', `preferred leader "${preferred}" is not a member`, `use one of ${MEMBER_NAMES.join(', ')}`)
  }
  const quotaBytes = options.quotaBytes ?? DEFAULT_QUOTA_BYTES
  if (!Number.isSafeInteger(quotaBytes) || quotaBytes <= 0) {
    throw new OperatorError('usage', `quota ${quotaBytes} is not a positive number of bytes`, 'pass the quota in bytes, e.g. 16777216')
  }
  return { preferred, quotaBytes }
}

/** Refuses to start a second cluster over a current run whose members are still alive. */
function refuseIfCurrentRunAlive(home: string): void {
  const current = readCurrentRun(home)
  if (current === null) return
  let run: RunRecord
  try {
    run = readRunRecord(home, current)
  } catch {
    return
  }
  const alive = run.members.filter((m) => memberProcessState(home, current, m.name) !== 'exited')
  if (alive.length > 0) {
    throw new OperatorError('conflict', `etcd run ${current} is already up (${alive.map((m) => m.name).join(', ')} running)`, 'run `operator cluster down` first')
  }
}

function describeMember(obs: EtcdObservation, name: string, logFile: string): string {
  const m = obs.members.find((x) => x.name === name)
  const state = m === undefined ? 'unknown' : m.state === 'up' ? (m.healthy ? 'healthy' : `unhealthy (${m.health_error ?? ''})`) : `${m.state}, process ${m.process}`
  const tail = logTail(logFile)
  return `${name} ${state}${tail !== '' ? ` — log: ${tail}` : ''}`
}

async function waitForCluster(home: string, run: RunRecord, clients: MemberClients, signal: AbortSignal, deps: UpDeps): Promise<void> {
  const observe = createObserver({
    runId: run.run_id,
    preferred: run.preferred,
    quotaBytes: run.quota_bytes,
    clients,
    processState: (name) => memberProcessState(home, run.run_id, name),
    clock: deps.clock,
    log: deps.log,
  })
  const until = deps.clock.now() + STARTUP_TIMEOUT_MS
  for (;;) {
    const obs = await observe(signal)
    if (obs.leader !== null && obs.members.every((m) => m.state === 'up' && m.healthy)) return
    const exited = obs.members.find((m) => m.process === 'exited')
    if (exited !== undefined) {
      throw new OperatorError(
        'subject',
        `etcd member ${exited.name} exited during startup: ${describeMember(obs, exited.name, memberLogFile(home, run.run_id, exited.name))}`,
        `see ${memberLogFile(home, run.run_id, exited.name)}`,
      )
    }
    if (deps.clock.now() >= until) {
      const bad = obs.members.filter((m) => m.state !== 'up' || !m.healthy).map((m) => describeMember(obs, m.name, memberLogFile(home, run.run_id, m.name)))
      throw new OperatorError(
        'subject',
        `etcd cluster ${run.run_id} not healthy after ${STARTUP_TIMEOUT_MS / 1000} s: ${bad.length > 0 ? bad.join('; ') : 'no leader'}`,
        `see the member logs in ${runDir(home, run.run_id)}/logs`,
      )
    }
    await deps.clock.sleep(200, signal)
  }
}

async function stopStarted(home: string, runId: string, deps: UpDeps): Promise<void> {
  const records = MEMBER_NAMES.map((name) => readMemberRecord(home, runId, name)).filter((r): r is MemberRecord => r !== null)
  await stopMembers(records, deps.clock)
  clearCurrentRun(home, runId)
}

export async function clusterUp(options: ClusterUpOptions, signal: AbortSignal, deps: UpDeps): Promise<ClusterStatus> {
  const { preferred, quotaBytes } = validate(options)
  const { home } = options
  refuseIfCurrentRunAlive(home)
  signal.throwIfAborted()
  const runId = newRunId(deps.clock.now())
  const ports = await freePorts(MEMBER_NAMES.length * 2)
  const run: RunRecord = {
    subject: 'etcd',
    run_id: runId,
    runtime: 'process',
    created_at: deps.clock.now(),
    quota_bytes: quotaBytes,
    preferred,
    cluster_token: runId,
    members: MEMBER_NAMES.map((name, i) => ({
      name,
      client_url: `http://127.0.0.1:${ports[2 * i]}`,
      peer_url: `http://127.0.0.1:${ports[2 * i + 1]}`,
    })),
  }
  mkdirSync(runDir(home, runId), { recursive: true, mode: 0o700 })
  writeRunRecord(home, run)
  deps.log('starting etcd members', { run_id: runId, members: run.members })

  const clients = new MemberClients(run.members)
  try {
    for (const member of run.members) {
      writeMemberRecord(home, runId, await startMember(memberLaunch(home, run, member, 'new'), etcdBinary(), deps.clock.now()))
    }
    writeCurrentRun(home, runId)
    await waitForCluster(home, run, clients, signal, deps)
    const moved = await transferLeadership(clients, preferred, { clock: deps.clock, signal, timeoutMs: TRANSFER_TIMEOUT_MS })
    if (!moved.ok) {
      throw new OperatorError('subject', `could not move the leader to ${preferred}: ${moved.reason}`, `see the member logs in ${runDir(home, runId)}/logs`)
    }
    deps.log('etcd cluster up', { run_id: runId, leader: moved.to, moved_from: moved.already ? null : moved.from })
  } catch (err) {
    deps.log('etcd startup failed; stopping members', { run_id: runId, error: errorMessage(err) })
    await stopStarted(home, runId, deps)
    if (isOperatorError(err) || signal.aborted) throw err
    throw new OperatorError('subject', `etcd startup failed: ${errorMessage(err)}`, `see the member logs in ${runDir(home, runId)}/logs`, { cause: err })
  } finally {
    clients.close()
  }
  return clusterStatus(home, runId)
}

