/**
 * `operator cluster up` for the process runtime: three members on free loopback
 * ports, started detached, recorded in pid files; waits until every member is
 * healthy with a leader, then puts the leader on the preferred member. If
 * anything fails, it stops what it started and says why in one line.
 */
import { mkdirSync } from 'node:fs'
import type { Clock } from '../../../src/core/clock.js'
import { errorMessage, isOperatorError, OperatorError } from '../../../src/core/errors.js'
import type { ClusterStatus, ClusterUpOptions } from '../../../src/core/subject.js'
import { freePorts } from '../../../src/executors/local/free-ports.js'
import { MemberClients } from '../clients.js'
import { DEFAULT_QUOTA_BYTES, etcdBinary, MEMBER_NAMES, type MemberName, TRANSFER_TIMEOUT_MS } from '../defaults.js'
import { transferLeadership } from '../leader-transfer.js'
import { stopMembers } from './cluster-down.js'
import { clusterStatus } from './cluster-status.js'
import { memberLaunch } from './member-launch.js'
import { startMember } from './member-process.js'
import { processMemberRuntime } from './process-member-runtime.js'
import { memberLogFile, newRunId, runDir } from './run-paths.js'
import type { MemberRecord, RunRecord } from './run-records.js'
import { clearCurrentRun, readMemberRecord, writeCurrentRun, writeMemberRecord, writeRunRecord } from './run-records.js'
import { waitUntilHealthy } from './wait-healthy.js'

export interface UpDeps {
  clock: Clock
  log: (message: string, fields?: Record<string, unknown>) => void
}

export interface CheckedUp {
  preferred: string
  quotaBytes: number
  /** The members of this run, in order: m1 alone or m1, m2, m3. */
  names: MemberName[]
}

export function validate(options: ClusterUpOptions): CheckedUp {
  const count = options.members ?? MEMBER_NAMES.length
  if (count !== 1 && count !== MEMBER_NAMES.length)
    throw new OperatorError('usage', `--members ${count} is not a cluster size etcd runs here`, 'use --members 1 or 3')
  const names = MEMBER_NAMES.slice(0, count)
  const preferred = options.preferred ?? names[0] ?? 'm1'
  if (!(names as readonly string[]).includes(preferred)) {
    throw new OperatorError(
      'usage',
      `preferred leader "${preferred}" is not a member`,
      `use one of ${names.join(', ')}`,
    )
  }
  const quotaBytes = options.quotaBytes ?? DEFAULT_QUOTA_BYTES
  if (!Number.isSafeInteger(quotaBytes) || quotaBytes <= 0) {
    throw new OperatorError(
      'usage',
      `quota ${quotaBytes} is not a positive number of bytes`,
      'pass the quota in bytes, e.g. 16777216',
    )
  }
  return { preferred, quotaBytes, names }
}

/** The new run's id: the name asked for (checked by the lifecycle), else a fresh one. */
export const upRunId = (options: ClusterUpOptions, now: number): string => options.name ?? newRunId(now)

async function stopStarted(home: string, runId: string, deps: UpDeps): Promise<void> {
  const records = MEMBER_NAMES.map((name) => readMemberRecord(home, runId, name)).filter(
    (r): r is MemberRecord => r !== null,
  )
  await stopMembers(records, deps.clock)
  clearCurrentRun(home, runId)
}

export async function clusterUp(options: ClusterUpOptions, signal: AbortSignal, deps: UpDeps): Promise<ClusterStatus> {
  const { preferred, quotaBytes, names } = validate(options)
  const { home } = options
  signal.throwIfAborted()
  const runId = upRunId(options, deps.clock.now())
  const ports = await freePorts(names.length * 2)
  const run: RunRecord = {
    subject: 'etcd',
    run_id: runId,
    runtime: 'process',
    created_at: deps.clock.now(),
    quota_bytes: quotaBytes,
    preferred,
    cluster_token: runId,
    members: names.map((name, i) => ({
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
      writeMemberRecord(
        home,
        runId,
        await startMember(memberLaunch(home, run, member, 'new'), etcdBinary(), deps.clock.now()),
      )
    }
    writeCurrentRun(home, runId)
    const where = (member: string | null) =>
      member === null
        ? `see the member logs in ${runDir(home, run.run_id)}/logs`
        : `see ${memberLogFile(home, run.run_id, member)}`
    await waitUntilHealthy(run, clients, processMemberRuntime(home, run.run_id), signal, deps, where)
    const moved = await transferLeadership(clients, preferred, {
      clock: deps.clock,
      signal,
      timeoutMs: TRANSFER_TIMEOUT_MS,
    })
    if (!moved.ok) {
      throw new OperatorError(
        'subject',
        `could not move the leader to ${preferred}: ${moved.reason}`,
        `see the member logs in ${runDir(home, runId)}/logs`,
      )
    }
    deps.log('etcd cluster up', { run_id: runId, leader: moved.to, moved_from: moved.already ? null : moved.from })
  } catch (err) {
    deps.log('etcd startup failed; stopping members', { run_id: runId, error: errorMessage(err) })
    await stopStarted(home, runId, deps)
    if (isOperatorError(err) || signal.aborted) throw err
    throw new OperatorError(
      'subject',
      `etcd startup failed: ${errorMessage(err)}`,
      `see the member logs in ${runDir(home, runId)}/logs`,
      { cause: err },
    )
  } finally {
    clients.close()
  }
  return clusterStatus(home, runId)
}
