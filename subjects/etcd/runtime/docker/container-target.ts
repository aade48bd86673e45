/**
 * A member's container as both Docker-backed runtimes act on it (the Docker
 * runtime, and the docker adapter of an attached run): the handle, and its
 * inspection — null when the engine no longer has it.
 */
import type Docker from 'dockerode'
import type { EngineGetter } from '../../../../src/executors/docker/engine.js'
import type { ProcessState } from '../../observation.js'
import type { MemberRestart, MemberView } from '../member-runtime.js'
import { startedAtSeconds } from './container-state.js'
import { engineFailure, isEngineNotFound } from './engine-errors.js'

export interface ContainerTarget {
  member: string
  name: string
  container: Docker.Container
  info: Docker.ContainerInspectInfo | null
  view: MemberView
}

export async function inspectTarget(
  getEngine: EngineGetter,
  member: string,
  name: string,
  view: (name: string, info: Docker.ContainerInspectInfo | null) => MemberView,
): Promise<ContainerTarget> {
  const container = (await getEngine()).docker.getContainer(name)
  let info: Docker.ContainerInspectInfo | null
  try {
    info = await container.inspect()
  } catch (err) {
    if (!isEngineNotFound(err)) throw engineFailure(`cannot inspect ${member}'s container ${name}`, err)
    info = null
  }
  return { member, name, container, info, view: view(name, info) }
}

/** What a restart of the container reports: the state before, and the container as it runs now. */
export function restartOf(was: ProcessState, after: ContainerTarget, details: Record<string, unknown>): MemberRestart {
  return {
    was,
    pid: after.view.pid,
    instance: after.view.instance ?? null,
    log_since: startedAtSeconds(after.info?.State.StartedAt ?? ''),
    details: { container: after.name, pid: after.view.pid, ...details },
  }
}
