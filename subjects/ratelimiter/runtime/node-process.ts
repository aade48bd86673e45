/**
 * Starts one node (Redis, Sentinel or app) as a detached process that
 * outlives the command that started it, its output appended to its log; and
 * signals, stops and reads the state of a recorded process without ever
 * touching a pid the kernel has since given to another process.
 */
import { closeSync, openSync } from 'node:fs'
import { execa } from 'execa'
import type { Clock } from '../../../src/core/clock.js'
import { errorMessage, OperatorError } from '../../../src/core/errors.js'
import { realProcessControl } from '../../../src/executors/host/process-control.js'
import type { ProcessState } from '../observation.js'
import type { NodeLaunch } from './node-launch.js'
import { prepareLaunch } from './node-launch.js'
import type { NodeProcessRecord } from './run-record.js'
import { REDIS_FIX } from './settings.js'

type Recorded = Pick<NodeProcessRecord, 'pid' | 'start_time'>

/** The state of the process recorded as (pid, start time): exited when gone, a zombie, or another process now. */
export function recordedState(record: Recorded): ProcessState {
  const info = realProcessControl.inspect(record.pid)
  if (info === null || info.startTime !== record.start_time) return 'exited'
  if (info.state === 'Z' || info.state === 'X' || info.state === 'x') return 'exited'
  return info.state === 'T' || info.state === 't' ? 'paused' : 'running'
}

export const isLive = (record: Recorded): boolean => recordedState(record) !== 'exited'

/** Starts the node detached and returns the pid record to write. Throws OperatorError when it cannot start. */
export async function startNode(launch: NodeLaunch, now: number): Promise<NodeProcessRecord> {
  prepareLaunch(launch)
  // execa's types list only fds 3–9, but any open fd is handed to spawn unchanged.
  const fd = openSync(launch.logFile, 'a') as 3
  let pid: number | undefined
  let failure: Promise<unknown> = Promise.resolve(undefined)
  try {
    const child = execa(launch.binary, launch.args, {
      cwd: launch.dataDir,
      detached: true,
      cleanup: false,
      stdin: 'ignore',
      stdout: fd,
      stderr: fd,
    })
    // The node outlives us; its exit is observed through /proc, not this promise.
    failure = child.then(
      () => undefined,
      (err: unknown) => err,
    )
    child.unref()
    pid = child.pid
  } finally {
    closeSync(fd)
  }
  const info = pid === undefined ? null : realProcessControl.inspect(pid)
  if (pid === undefined || info === null) {
    const err = await failure
    const why = err === undefined ? 'process vanished' : errorMessage(err)
    throw new OperatorError(
      'subject',
      `cannot start ${launch.kind} node ${launch.name} (${launch.binary}): ${why}`,
      pid === undefined && launch.kind !== 'app' ? REDIS_FIX : `see ${launch.logFile}`,
    )
  }
  return { name: launch.name, pid, start_time: info.startTime, log_file: launch.logFile, started_at: now }
}

/** Sends a signal to the recorded process if it is still the same process; false when it is gone. */
export function signalRecorded(record: Recorded, signal: NodeJS.Signals): boolean {
  if (!isLive(record)) return false
  return realProcessControl.signal(record.pid, signal) === 'sent'
}

async function waitGone(record: Recorded, clock: Clock, ms: number): Promise<boolean> {
  const deadline = clock.now() + ms
  while (isLive(record)) {
    if (clock.now() >= deadline) return false
    await clock.sleep(50)
  }
  return true
}

/**
 * Stops a recorded node: SIGCONT (a stopped process does not act on
 * SIGTERM), SIGTERM, up to graceMs, then SIGKILL. Takes no AbortSignal: a
 * stop is never abandoned halfway. Returns whether it was alive.
 */
export async function stopRecorded(record: NodeProcessRecord, clock: Clock, graceMs: number): Promise<boolean> {
  if (!isLive(record)) return false
  signalRecorded(record, 'SIGCONT')
  signalRecorded(record, 'SIGTERM')
  if (await waitGone(record, clock, graceMs)) return true
  signalRecorded(record, 'SIGKILL')
  if (await waitGone(record, clock, 5000)) return true
  throw new OperatorError(
    'subject',
    `ratelimiter node ${record.name} (pid ${record.pid}) survived SIGKILL`,
    `inspect it with \`ps -o pid,stat,cmd -p ${record.pid}\``,
  )
}
