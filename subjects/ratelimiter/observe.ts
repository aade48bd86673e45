/**
 * One poll of a ratelimiter run, every node in parallel, assembled into a
 * RatelimiterObservation: Redis nodes, Sentinels and the primary a quorum of
 * them agrees on, apps, process states from the runtime, and the workload's
 * ground truth. Polls never overlap: a call made while a poll is in flight
 * reuses that poll. Cluster trouble is observed, never thrown; only the
 * caller's own abort rejects.
 */
import { type Clock, systemClock } from '../../src/core/clock.js'
import { SENTINEL_QUORUM, SUBJECT_NAME } from './defaults.js'
import type { ProcessState, RatelimiterObservation, RedisNodeObservation } from './observation.js'
import { fetchGet, type HttpGet, probeApp } from './observe-app.js'
import { createObserverConnections, OBSERVE_TIMEOUT_MS, type ObserverConnections } from './observe-clients.js'
import { probeRedis, type RedisProbe } from './observe-redis.js'
import { agreedPrimary, probeSentinel } from './observe-sentinel.js'
import { readTruth } from './observe-truth.js'
import { lagBytes } from './parse-info.js'
import { nodeProcessState } from './runtime/index.js'
import { type RatelimiterRunRecord, truthPath } from './runtime/run-record.js'

export interface ObserverOptions {
  clock?: Clock
  /** The member's process as the runtime sees it; by default the run's pid records and /proc. */
  processState?: (name: string) => ProcessState
  connections?: ObserverConnections
  http?: HttpGet
  /** Deadline of each connect, command and HTTP call. */
  timeoutMs?: number
}

export interface RatelimiterObserver {
  observe(signal: AbortSignal): Promise<RatelimiterObservation>
  /** Closes the observer's Redis connections. */
  close(): void
}

/** Resolves with the promise, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(err)
      },
    )
  })
}

/** Each replica's lag against the reachable primary it replicates from. */
export function withLag(probes: readonly RedisProbe[]): RedisNodeObservation[] {
  return probes.map(({ node, offset }) => {
    if (node.role !== 'slave' || node.replicates_port === null) return node
    const primary = probes.find((p) => p.node.port === node.replicates_port && p.node.role === 'master')
    return { ...node, lag_bytes: lagBytes(primary?.offset ?? null, offset) }
  })
}

export function createObserver(
  home: string,
  runId: string,
  record: RatelimiterRunRecord,
  options: ObserverOptions = {},
): RatelimiterObserver {
  const clock = options.clock ?? systemClock
  const timeoutMs = options.timeoutMs ?? OBSERVE_TIMEOUT_MS
  const conns = options.connections ?? createObserverConnections(timeoutMs)
  const http = options.http ?? fetchGet
  const processState = options.processState ?? ((name: string) => nodeProcessState(home, runId, name))
  const nodeAt = (port: number) => record.nodes.find((n) => n.port === port && n.kind === 'redis')?.name ?? null
  const ofKind = (kind: 'redis' | 'sentinel' | 'app') => record.nodes.filter((n) => n.kind === kind)
  let inFlight: Promise<RatelimiterObservation> | null = null

  async function poll(): Promise<RatelimiterObservation> {
    const at = clock.now()
    const [redis, sentinels, apps] = await Promise.all([
      Promise.all(ofKind('redis').map((n) => probeRedis(conns, n, processState(n.name)))),
      Promise.all(
        ofKind('sentinel').map((n) => probeSentinel(conns, n, processState(n.name), record.master_name, nodeAt)),
      ),
      Promise.all(ofKind('app').map((n) => probeApp(http, n, processState(n.name), timeoutMs, nodeAt))),
    ])
    return {
      subject: SUBJECT_NAME,
      run_id: runId,
      at,
      duration_ms: clock.now() - at,
      redis: withLag(redis),
      sentinels,
      apps,
      primary: agreedPrimary(sentinels, SENTINEL_QUORUM),
      maxmemory_ceiling: record.maxmemory_ceiling_bytes,
      limit: readTruth(truthPath(home, runId), clock.now()),
    }
  }

  return {
    observe(signal) {
      if (inFlight === null) {
        inFlight = poll().finally(() => {
          inFlight = null
        })
      }
      return untilAborted(inFlight, signal)
    },
    close: () => conns.close(),
  }
}
