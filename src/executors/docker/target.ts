/**
 * Resolving an action's target: inspect the container (or network) by name
 * or id, then apply the scope. Either the target, or the failed result the
 * action returns as it is.
 */
import type Dockerode from 'dockerode'
import { errorMessage } from '../../core/errors.js'
import type { ActionResult } from '../../core/subject.js'
import { failed } from '../action-result.js'
import type { Engine } from './engine.js'
import type { DockerScope } from './scope.js'

export type Resolved<T> = { ok: true; value: T } | { ok: false; result: ActionResult }

export interface ContainerTarget {
  container: Dockerode.Container
  info: Dockerode.ContainerInspectInfo
  /** The name without Docker's leading slash. */
  name: string
}

function statusCode(err: unknown): number | null {
  if (err !== null && typeof err === 'object' && 'statusCode' in err && typeof err.statusCode === 'number')
    return err.statusCode
  return null
}

export function isNotFound(err: unknown): boolean {
  return statusCode(err) === 404
}

export async function resolveContainer(
  engine: Engine,
  ref: string,
  scope: DockerScope,
  signal: AbortSignal,
): Promise<Resolved<ContainerTarget>> {
  const container = engine.docker.getContainer(ref)
  let info: Dockerode.ContainerInspectInfo
  try {
    info = await container.inspect({ abortSignal: signal })
  } catch (err) {
    signal.throwIfAborted()
    if (isNotFound(err))
      return {
        ok: false,
        result: failed(`no container "${ref}"`, 'no such container on this engine', { container: ref }),
      }
    return { ok: false, result: failed(`cannot inspect container "${ref}"`, errorMessage(err), { container: ref }) }
  }
  const name = info.Name.replace(/^\//, '')
  const refusal = scope.check({ kind: 'container', id: info.Id, name, labels: info.Config.Labels ?? {} })
  if (refusal) {
    return {
      ok: false,
      result: failed(
        `refused: container "${name}" is outside the Docker action scope`,
        `rule ${refusal.rule}: ${refusal.message}`,
        { container: name, rule: refusal.rule },
      ),
    }
  }
  return { ok: true, value: { container: engine.docker.getContainer(info.Id), info, name } }
}

export interface NetworkTarget {
  network: Dockerode.Network
  info: Dockerode.NetworkInspectInfo
}

export async function resolveNetwork(
  engine: Engine,
  ref: string,
  scope: DockerScope,
  signal: AbortSignal,
): Promise<Resolved<NetworkTarget>> {
  let info: Dockerode.NetworkInspectInfo
  try {
    info = (await engine.docker.getNetwork(ref).inspect()) as Dockerode.NetworkInspectInfo
  } catch (err) {
    signal.throwIfAborted()
    if (isNotFound(err))
      return { ok: false, result: failed(`no network "${ref}"`, 'no such network on this engine', { network: ref }) }
    return { ok: false, result: failed(`cannot inspect network "${ref}"`, errorMessage(err), { network: ref }) }
  }
  const refusal = scope.check({ kind: 'network', id: info.Id, name: info.Name, labels: info.Labels ?? {} })
  if (refusal) {
    return {
      ok: false,
      result: failed(
        `refused: network "${info.Name}" is outside the Docker action scope`,
        `rule ${refusal.rule}: ${refusal.message}`,
        { network: info.Name, rule: refusal.rule },
      ),
    }
  }
  return { ok: true, value: { network: engine.docker.getNetwork(info.Id), info } }
}
