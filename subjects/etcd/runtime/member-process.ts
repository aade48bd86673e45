/**
 * Starts one etcd member as a detached process that outlives the command that
 * started it, and stops or signals a recorded member without ever touching a
 * pid the kernel has given to another process.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import { execa } from 'execa'
import type { Clock } from '../../../src/core/clock.js'
import { errorMessage, OperatorError } from '../../../src/core/errors.js'
import { ELECTION_TIMEOUT_MS, HEARTBEAT_INTERVAL_MS } from '../defaults.js'
import { isSameLiveProcess, readProcStat } from './proc-stat.js'
import type { MemberRecord } from './run-records.js'

/** The etcd flags of one member, whatever runs it. */
export interface MemberFlags {
  name: string
  /** Advertised client URL; also where it listens unless listenClientUrl says otherwise. */
  clientUrl: string
  /** Advertised peer URL; also where it listens unless listenPeerUrl says otherwise. */
  peerUrl: string
  /** Containers listen on every interface of their own network namespace. */
  listenClientUrl?: string
  listenPeerUrl?: string
  dataDir: string
  /** `m1=http://127.0.0.1:p1,m2=…` */
  initialCluster: string
  clusterToken: string
  /** 'new' on first start; 'existing' on restart (ignored by etcd once the data dir has a WAL). */
  clusterState: 'new' | 'existing'
  quotaBytes: number
}

/** Everything needed to start (or restart) one member as a local process. */
export interface MemberLaunch extends MemberFlags {
  logFile: string
}

/** The etcd 3.4 command line for a member. */
export function memberArgs(launch: MemberFlags): string[] {
  return [
    '--name',
    launch.name,
    '--data-dir',
    launch.dataDir,
    '--listen-client-urls',
    launch.listenClientUrl ?? launch.clientUrl,
    '--advertise-client-urls',
    launch.clientUrl,
    '--listen-peer-urls',
    launch.listenPeerUrl ?? launch.peerUrl,
    '--initial-advertise-peer-urls',
    launch.peerUrl,
    '--initial-cluster',
    launch.initialCluster,
    '--initial-cluster-token',
    launch.clusterToken,
    '--initial-cluster-state',
    launch.clusterState,
    '--quota-backend-bytes',
    String(launch.quotaBytes),
    '--heartbeat-interval',
    String(HEARTBEAT_INTERVAL_MS),
    '--election-timeout',
    String(ELECTION_TIMEOUT_MS),
    '--logger',
    'zap',
    '--log-outputs',
    'stderr',
  ]
}

/** The environment without ETCD_* variables, which etcd would otherwise read as flags. */
function memberEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('ETCD_')) env[key] = value
  }
  return env
}

/**
 * Starts the member detached, its stdout and stderr appended to its log file,
 * and returns the pid record to write. Throws OperatorError when it cannot start.
 */
export async function startMember(launch: MemberLaunch, binary: string, now: number): Promise<MemberRecord> {
  mkdirSync(dirname(launch.logFile), { recursive: true })
  mkdirSync(launch.dataDir, { recursive: true, mode: 0o700 })
  // execa's types list only fds 3–9, but any open fd is handed to spawn unchanged:
  // the member writes to its log directly and needs nothing from this process.
  const fd = openSync(launch.logFile, 'a') as 3
  let pid: number | undefined
  let failure: Promise<unknown> = Promise.resolve(undefined)
  try {
    const child = execa(binary, memberArgs(launch), {
      detached: true,
      cleanup: false,
      stdin: 'ignore',
      stdout: fd,
      stderr: fd,
      extendEnv: false,
      env: memberEnv(),
    })
    // The member is meant to outlive us; its exit is observed through /proc, not this promise.
    failure = child.then(
      () => undefined,
      (err: unknown) => err,
    )
    child.unref()
    pid = child.pid
  } finally {
    closeSync(fd)
  }
  const stat = pid === undefined ? null : readProcStat(pid)
  if (pid === undefined || stat === null) {
    const err = await failure
    throw new OperatorError(
      'subject',
      `cannot start etcd member ${launch.name} (${binary}): ${err === undefined ? 'process vanished' : errorMessage(err)}`,
      'install etcd-server (`apt-get install etcd-server`) or set OPERATOR_ETCD_BINARY',
      // No pid: the binary could not be spawned at all; a pid that vanished is etcd failing, not missing.
      { code: pid === undefined ? 'etcd_missing' : 'subject_failed' },
    )
  }
  return {
    name: launch.name,
    client_url: launch.clientUrl,
    peer_url: launch.peerUrl,
    pid,
    start_time: stat.startTime,
    data_dir: launch.dataDir,
    log_file: launch.logFile,
    started_at: now,
  }
}

/**
 * Sends a signal to the recorded process, only if its start time still
 * matches. Returns false when the process is gone or the pid was reused.
 */
export function signalRecorded(record: Pick<MemberRecord, 'pid' | 'start_time'>, signal: NodeJS.Signals): boolean {
  if (!isSameLiveProcess(record.pid, record.start_time)) return false
  try {
    process.kill(record.pid, signal)
    return true
  } catch {
    return false
  }
}

async function waitGone(record: Pick<MemberRecord, 'pid' | 'start_time'>, clock: Clock, ms: number): Promise<boolean> {
  const deadline = clock.now() + ms
  while (isSameLiveProcess(record.pid, record.start_time)) {
    if (clock.now() >= deadline) return false
    await clock.sleep(50)
  }
  return true
}

/**
 * Stops a recorded member: SIGCONT first (a stopped process does not act on
 * SIGTERM), SIGTERM, wait up to graceMs, then SIGKILL. Deliberately takes no
 * AbortSignal: a stop is never abandoned halfway. Returns whether it was alive.
 */
export async function stopRecorded(record: MemberRecord, clock: Clock, graceMs: number): Promise<boolean> {
  if (!isSameLiveProcess(record.pid, record.start_time)) return false
  signalRecorded(record, 'SIGCONT')
  signalRecorded(record, 'SIGTERM')
  if (await waitGone(record, clock, graceMs)) return true
  signalRecorded(record, 'SIGKILL')
  if (await waitGone(record, clock, 5000)) return true
  throw new OperatorError(
    'subject',
    `etcd member ${record.name} (pid ${record.pid}) survived SIGKILL`,
    `inspect it with \`ps -o pid,stat,cmd -p ${record.pid}\``,
  )
}
