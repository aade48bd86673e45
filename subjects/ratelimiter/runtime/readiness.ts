/**
 * Whether a run serves as it should, asked of the nodes themselves: the
 * primary lists its replicas online, every Sentinel names the primary and
 * knows the replicas and the other Sentinels (without which it could not
 * fail over), every app is connected to the primary. Returns what is not
 * ready yet, one short phrase per node; empty when all is.
 */
import { errorMessage } from '../../../src/core/errors.js'
import { listedReplicas, pairsToRecord } from './redis-info.js'
import { redisCall, redisInfo, sentinelPrimaryPort } from './redis-probe.js'
import type { RatelimiterRunRecord, RunNode } from './run-record.js'
import { PROBE_TIMEOUT_MS } from './settings.js'

const byKind = (run: RatelimiterRunRecord, kind: RunNode['kind']) => run.nodes.filter((n) => n.kind === kind)

async function primaryProblems(run: RatelimiterRunRecord, primary: RunNode): Promise<string[]> {
  try {
    const info = await redisInfo(primary.port)
    if (info.role !== 'master') return [`${primary.name} is not a primary (role ${info.role ?? 'unknown'})`]
    const online = new Set(
      listedReplicas(info)
        .filter((r) => r.state === 'online')
        .map((r) => r.port),
    )
    return byKind(run, 'redis')
      .filter((n) => n.name !== primary.name && !online.has(n.port))
      .map((n) => `${n.name} not replicating from ${primary.name} yet`)
  } catch (err) {
    return [`${primary.name} does not answer (${errorMessage(err)})`]
  }
}

async function sentinelProblem(run: RatelimiterRunRecord, sentinel: RunNode, primary: RunNode): Promise<string | null> {
  const port = await sentinelPrimaryPort(sentinel.port, run.master_name)
  if (port !== primary.port) return `${sentinel.name} names ${port === null ? 'no primary' : `port ${port}`}`
  try {
    const master = pairsToRecord(await redisCall(sentinel.port, ['SENTINEL', 'MASTER', run.master_name]))
    const replicas = byKind(run, 'redis').length - 1
    const sentinels = byKind(run, 'sentinel').length - 1
    if (Number(master['num-slaves']) < replicas) return `${sentinel.name} knows ${master['num-slaves']} replicas`
    if (Number(master['num-other-sentinels']) < sentinels)
      return `${sentinel.name} knows ${master['num-other-sentinels']} other sentinels`
    return null
  } catch (err) {
    return `${sentinel.name} does not answer (${errorMessage(err)})`
  }
}

/** The Redis address an app's /health names; throws when it does not answer. */
export async function appRedis(port: number, timeoutMs = PROBE_TIMEOUT_MS): Promise<string | null> {
  const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(timeoutMs) })
  if (!res.ok) throw new Error(`HTTP ${res.status}`)
  const body = (await res.json()) as { redis?: unknown }
  return typeof body.redis === 'string' ? body.redis : null
}

async function appProblem(app: RunNode, primary: RunNode): Promise<string | null> {
  try {
    const redis = await appRedis(app.port)
    return redis?.endsWith(`:${primary.port}`) ? null : `${app.name} connected to ${redis ?? 'no Redis'}`
  } catch (err) {
    return `${app.name} does not answer (${errorMessage(err)})`
  }
}

/** What is not ready in a run whose primary should be `primary`; [] when everything is. */
export async function notReady(run: RatelimiterRunRecord, primary: RunNode): Promise<string[]> {
  const [redis, sentinels, apps] = await Promise.all([
    primaryProblems(run, primary),
    Promise.all(byKind(run, 'sentinel').map((s) => sentinelProblem(run, s, primary))),
    Promise.all(byKind(run, 'app').map((a) => appProblem(a, primary))),
  ])
  return [...redis, ...sentinels, ...apps].filter((p): p is string => p !== null)
}
