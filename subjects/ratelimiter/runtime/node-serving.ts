/**
 * Whether one node serves as itself after a (re)start: a Redis node answers
 * and, as a replica, has its link to the primary up; a Sentinel names a
 * primary; an app answers /health connected to Redis. `waitNodeServing`
 * stops at once when the process it waits for dies.
 */
import type { Clock } from '../../../src/core/clock.js'
import { systemClock } from '../../../src/core/clock.js'
import { errorMessage } from '../../../src/core/errors.js'
import { findNode } from './node-launch.js'
import { isLive } from './node-process.js'
import { appRedis } from './readiness.js'
import { redisInfo, sentinelPrimaryPort } from './redis-probe.js'
import { readNodeRecord, readRunRecord } from './run-files.js'
import type { RatelimiterRunRecord, RunNode } from './run-record.js'

export type Serving = { ok: true; detail: string } | { ok: false; reason: string }

export async function nodeServing(run: RatelimiterRunRecord, node: RunNode): Promise<Serving> {
  try {
    if (node.kind === 'redis') {
      const info = await redisInfo(node.port)
      if (info.role === 'master') return { ok: true, detail: 'primary' }
      if (info.master_link_status === 'up') return { ok: true, detail: `replica of port ${info.master_port}` }
      return { ok: false, reason: `replica link ${info.master_link_status ?? 'unknown'} (port ${info.master_port})` }
    }
    if (node.kind === 'sentinel') {
      const port = await sentinelPrimaryPort(node.port, run.master_name)
      return port === null ? { ok: false, reason: 'names no primary' } : { ok: true, detail: `primary port ${port}` }
    }
    const redis = await appRedis(node.port)
    return redis === null
      ? { ok: false, reason: 'not connected to Redis' }
      : { ok: true, detail: `connected to ${redis}` }
  } catch (err) {
    return { ok: false, reason: `does not answer (${errorMessage(err)})` }
  }
}

export type WaitServing = Serving | { ok: false; reason: string; exited: true }

/** Polls until the node serves, its recorded process exits, or the time is up. */
export async function waitNodeServing(
  home: string,
  runId: string,
  name: string,
  timeoutMs: number,
  signal?: AbortSignal,
  clock: Clock = systemClock,
): Promise<WaitServing> {
  const run = readRunRecord(home, runId)
  const node = findNode(run, name)
  const until = clock.now() + timeoutMs
  for (;;) {
    const record = readNodeRecord(home, runId, name)
    if (record === null || !isLive(record)) return { ok: false, reason: 'process exited', exited: true }
    const now = await nodeServing(run, node)
    if (now.ok || clock.now() >= until) return now
    await clock.sleep(200, signal)
  }
}
