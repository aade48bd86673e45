/**
 * The three engine calls the kill switch makes, behind one narrow interface:
 * list the action containers (one call, filtered by label), remove one by
 * force (SIGKILL and removal in one call, as `docker rm --force`), and ask
 * whether one still runs. The default speaks plain HTTP to the first engine
 * that answers the list (no separate probe, no dockerode to load); given an
 * engine getter, dockerode does the same calls.
 */
import { existsSync } from 'node:fs'
import { z } from 'zod'
import { OperatorError } from '../../core/errors.js'
import { type EngineEndpoint, engineEndpoint, engineHosts, LABEL_MANAGED, LABEL_ROLE } from './endpoints.js'
import type { EngineGetter } from './engine.js'
import { engineCall } from './engine-http.js'

/** What the kill switch needs to know of a container, as the engine lists it. */
const ContainerSummarySchema = z.object({
  Id: z.string(),
  State: z.string(),
  Labels: z.record(z.string(), z.string()).optional(),
})
const ContainerListSchema = z.array(ContainerSummarySchema)
const InspectStateSchema = z.object({ State: z.object({ Running: z.boolean() }) })

export type ContainerSummary = z.infer<typeof ContainerSummarySchema>

export interface KillApi {
  /** Every container labelled as an action of Operator's, in any state. */
  listActions(signal: AbortSignal): Promise<ContainerSummary[]>
  /** SIGKILL, then removal with its volumes; onSent once the request is on its way. Rejects with `statusCode` 404 or 409 as the engine does. */
  forceRemove(id: string, signal: AbortSignal, onSent: () => void): Promise<void>
  /** Whether it still runs; rejects with `statusCode` 404 once it is gone. */
  running(id: string, signal: AbortSignal): Promise<boolean>
}

const ACTION_FILTER = { label: [`${LABEL_MANAGED}=true`, `${LABEL_ROLE}=action`] }
const LIST_PATH = `/containers/json?all=1&filters=${encodeURIComponent(JSON.stringify(ACTION_FILTER))}`

function notOnThisMachine(host: string): OperatorError {
  return new OperatorError(
    'config',
    `DOCKER_HOST ${host} is not on this machine`,
    'Operator only talks to a Docker engine on a unix socket or 127.0.0.1',
  )
}

/** The list from the first engine that answers it, in engine.ts's order, and where that engine is. */
async function listFromFirstAnswering(env: NodeJS.ProcessEnv, signal: AbortSignal) {
  const tried: string[] = []
  let lastError = 'no socket found'
  for (const host of engineHosts(env)) {
    tried.push(host)
    try {
      const endpoint = engineEndpoint(host)
      if (!endpoint) throw notOnThisMachine(host)
      if ('socketPath' in endpoint && !existsSync(endpoint.socketPath)) continue
      const body = await engineCall(endpoint, 'GET', LIST_PATH, { signal })
      return { endpoint, containers: ContainerListSchema.parse(JSON.parse(body)) }
    } catch (err) {
      if (err instanceof OperatorError || signal.aborted) throw err
      lastError = err instanceof Error ? err.message : String(err)
    }
  }
  throw new OperatorError(
    'config',
    `no Docker engine answers (tried ${tried.join(', ')}): ${lastError}`,
    'run `bash scripts/setup.sh` (it installs docker.io and starts dockerd) or set DOCKER_HOST',
    { code: 'docker_unavailable' },
  )
}

/** Plain HTTP to the engine: DOCKER_HOST, the default socket, then Operator's own, whichever answers the list first. */
export function httpKillApi(env: NodeJS.ProcessEnv = process.env): KillApi {
  let found: EngineEndpoint | null = null
  const at = (): EngineEndpoint => {
    if (!found) throw new Error('no Docker engine listed yet')
    return found
  }
  return {
    async listActions(signal) {
      const listed = await listFromFirstAnswering(env, signal)
      found = listed.endpoint
      return listed.containers
    },
    async forceRemove(id, signal, onSent) {
      await engineCall(at(), 'DELETE', `/containers/${encodeURIComponent(id)}?force=1&v=1`, { signal, onSent })
    },
    async running(id, signal) {
      const body = await engineCall(at(), 'GET', `/containers/${encodeURIComponent(id)}/json`, { signal })
      return InspectStateSchema.parse(JSON.parse(body)).State.Running
    },
  }
}

/** The same calls through dockerode, on the engine getEngine finds (tests, and callers that have one already). */
export function dockerodeKillApi(getEngine: EngineGetter): KillApi {
  let engine: Awaited<ReturnType<EngineGetter>> | null = null
  const docker = () => {
    if (!engine) throw new Error('no Docker engine listed yet')
    return engine.docker
  }
  return {
    async listActions(signal) {
      engine = await getEngine(signal)
      return engine.docker.listContainers({ all: true, filters: ACTION_FILTER, abortSignal: signal })
    },
    async forceRemove(id, signal, onSent) {
      const removed = docker().getContainer(id).remove({ force: true, v: true, abortSignal: signal })
      // dockerode does not say when a request is written: taken as sent once the event loop has turned.
      setImmediate(onSent)
      await removed
    },
    async running(id, signal) {
      return (await docker().getContainer(id).inspect({ abortSignal: signal })).State.Running
    },
  }
}
