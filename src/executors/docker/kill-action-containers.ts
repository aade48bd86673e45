/**
 * The kill switch, container half: SIGKILL, then remove, every live
 * container labelled operator.managed=true and operator.role=action whose
 * operator.run is one of this database's runs — all at once. Containers of
 * the subject (operator.role=subject) are never touched, nor another
 * database's. Every engine call is bounded: a Docker engine that is down or
 * hung makes the report say `unavailable`, never makes the kill switch fail
 * or wait.
 */
import { setMaxListeners } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import type Dockerode from 'dockerode'
import { errorMessage } from '../../core/errors.js'
import type { ContainerKillReport } from '../../core/kill-report.js'
import { type EngineGetter, LABEL_MANAGED, LABEL_ROLE, LABEL_RUN, requireEngine } from './engine.js'

/** Everything the engine is asked, together, must answer within this. */
export const DEFAULT_ENGINE_TIMEOUT_MS = 5_000

/** States in which a container may still do something (created ones may be about to start). */
const LIVE_STATES = new Set(['created', 'running', 'paused', 'restarting'])

export interface KillContainersOptions {
  getEngine?: EngineGetter
  timeoutMs?: number
}

function statusCode(err: unknown): number | null {
  return err !== null && typeof err === 'object' && 'statusCode' in err && typeof err.statusCode === 'number'
    ? err.statusCode
    : null
}

/** The action containers of these runs that are still alive. */
export function selectVictims(
  containers: readonly Dockerode.ContainerInfo[],
  runIds: ReadonlySet<string>,
): Dockerode.ContainerInfo[] {
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

async function killOne(docker: Dockerode, id: string, signal: AbortSignal): Promise<void> {
  const container = docker.getContainer(id)
  try {
    await container.kill({ signal: 'SIGKILL', abortSignal: signal })
  } catch (err) {
    // 409: not running (created, or exited meanwhile); 404: already gone. Removal settles both.
    const code = statusCode(err)
    if (code !== 409 && code !== 404) throw err
  }
  try {
    await container.remove({ force: true, v: true, abortSignal: signal })
  } catch (err) {
    const code = statusCode(err)
    if (code === 404) return
    // 409: its own runner is removing it already; done once it no longer runs.
    if (code !== 409) throw err
    await stoppedOrGone(container, signal)
  }
}

async function stoppedOrGone(container: Dockerode.Container, signal: AbortSignal): Promise<void> {
  for (;;) {
    try {
      if (!(await container.inspect({ abortSignal: signal })).State.Running) return
    } catch (err) {
      if (statusCode(err) === 404) return
      throw err
    }
    await sleep(50, undefined, { signal })
  }
}

export async function killActionContainers(
  runIds: readonly string[],
  options: KillContainersOptions = {},
): Promise<ContainerKillReport> {
  const signal = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_ENGINE_TIMEOUT_MS)
  // One bound for every call, two or three per container, all at once.
  setMaxListeners(0, signal)
  const getEngine = options.getEngine ?? ((s?: AbortSignal) => requireEngine(process.env, s))
  let docker: Dockerode
  let listed: Dockerode.ContainerInfo[]
  try {
    docker = (await getEngine(signal)).docker
    listed = await docker.listContainers({
      all: true,
      filters: { label: [`${LABEL_MANAGED}=true`, `${LABEL_ROLE}=action`] },
      abortSignal: signal,
    })
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
  const outcomes = await Promise.allSettled(victims.map((c) => killOne(docker, c.Id, signal)))
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
