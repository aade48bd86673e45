/**
 * The kill switch, container half: SIGKILL and removal (`docker rm --force`)
 * of every live container labelled operator.managed=true and
 * operator.role=action whose operator.run is one of this database's runs —
 * one list call, then all of them at once, nothing inspected unless another
 * removal is already under way. Containers of the subject
 * (operator.role=subject) are never touched, nor another database's. Every
 * engine call is bounded: a Docker engine that is down or hung makes the
 * report say `unavailable`, never makes the kill switch fail or wait.
 */
import { setMaxListeners } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { errorMessage } from '../../core/errors.js'
import type { ContainerKillReport } from '../../core/kill-report.js'
import { LABEL_MANAGED, LABEL_ROLE, LABEL_RUN } from './endpoints.js'
import type { EngineGetter } from './engine.js'
import { type ContainerSummary, dockerodeKillApi, httpKillApi, type KillApi } from './kill-api.js'

/** Everything the engine is asked, together, must answer within this. */
export const DEFAULT_ENGINE_TIMEOUT_MS = 5_000

/** States in which a container may still do something (created ones may be about to start). */
const LIVE_STATES = new Set(['created', 'running', 'paused', 'restarting'])

export interface KillContainersOptions {
  /** Reach the engine through dockerode, found by this; by default plain HTTP to the first engine that answers. */
  getEngine?: EngineGetter
  /** Where DOCKER_HOST is read from (default: this process's environment). */
  env?: NodeJS.ProcessEnv
  timeoutMs?: number
}

/**
 * The report to come, and `sent`: resolved once every kill is on its way to
 * the engine (or there is nothing to send), so that a caller may then block
 * its thread — the database transaction — while the engine kills.
 */
export type ContainerKill = Promise<ContainerKillReport> & { sent: Promise<void> }

function statusCode(err: unknown): number | null {
  return err !== null && typeof err === 'object' && 'statusCode' in err && typeof err.statusCode === 'number'
    ? err.statusCode
    : null
}

/** The action containers of these runs that are still alive. */
export function selectVictims<C extends ContainerSummary>(containers: readonly C[], runIds: ReadonlySet<string>): C[] {
  return containers.filter((c) => {
    const labels = c.Labels ?? {}
    return (
      labels[LABEL_MANAGED] === 'true' &&
      labels[LABEL_ROLE] === 'action' &&
      runIds.has(labels[LABEL_RUN] ?? '') &&
      LIVE_STATES.has(c.State)
    )
  })
}

/** Removes one by force; onSent is called once, when its request is out (or it failed before). */
async function killOne(api: KillApi, id: string, signal: AbortSignal, onSent: () => void): Promise<void> {
  let out = false
  const sentOnce = () => {
    if (!out) onSent()
    out = true
  }
  try {
    await api.forceRemove(id, signal, sentOnce)
  } catch (err) {
    sentOnce()
    const code = statusCode(err)
    // 404: already gone. 409: its own runner is removing it already; done once it no longer runs.
    if (code === 404) return
    if (code !== 409) throw err
    await stoppedOrGone(api, id, signal)
  }
}

async function stoppedOrGone(api: KillApi, id: string, signal: AbortSignal): Promise<void> {
  for (;;) {
    try {
      if (!(await api.running(id, signal))) return
    } catch (err) {
      if (statusCode(err) === 404) return
      throw err
    }
    await sleep(20, undefined, { signal })
  }
}

async function killAll(
  runIds: readonly string[],
  o: KillContainersOptions,
  sent: () => void,
): Promise<ContainerKillReport> {
  const signal = AbortSignal.timeout(o.timeoutMs ?? DEFAULT_ENGINE_TIMEOUT_MS)
  // One bound for every call, one or two per container, all at once.
  setMaxListeners(0, signal)
  const api = o.getEngine ? dockerodeKillApi(o.getEngine) : httpKillApi(o.env)
  let listed: ContainerSummary[]
  try {
    listed = await api.listActions(signal)
  } catch (err) {
    return {
      engine: 'unavailable',
      containers_killed: 0,
      container_ids: [],
      containers_failed: 0,
      error: signal.aborted ? 'the Docker engine did not answer in time' : errorMessage(err),
    }
  }
  const victims = selectVictims(listed, new Set(runIds))
  let unsent = victims.length
  if (unsent === 0) sent()
  const onSent = () => {
    if (--unsent === 0) sent()
  }
  const outcomes = await Promise.allSettled(victims.map((c) => killOne(api, c.Id, signal, onSent)))
  const killed = victims.filter((_c, i) => outcomes[i]?.status === 'fulfilled').map((c) => c.Id.slice(0, 12))
  const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')
  const report: ContainerKillReport = {
    engine: 'ok',
    containers_killed: killed.length,
    container_ids: killed,
    containers_failed: failures.length,
  }
  if (failures[0])
    report.error = signal.aborted ? 'the Docker engine did not finish in time' : errorMessage(failures[0].reason)
  return report
}

export function killActionContainers(runIds: readonly string[], options: KillContainersOptions = {}): ContainerKill {
  let markSent = () => {}
  const sent = new Promise<void>((resolve) => {
    markSent = resolve
  })
  const report = killAll(runIds, options, markSent).finally(markSent)
  return Object.assign(report, { sent })
}
