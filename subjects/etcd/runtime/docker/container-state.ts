/**
 * What the engine says about a member's container, as the operator's member
 * view: running, paused (docker pause) or exited (stopped, dead, never
 * started or gone), its main pid, and the networks it is attached to.
 */
import type { ProcessState } from '../../observation.js'
import type { MemberView } from '../member-runtime.js'

/** The parts of a container inspect the view needs. */
export interface ContainerFacts {
  State: { Status: string; Running: boolean; Paused: boolean; Pid: number }
  NetworkSettings: { Networks?: Record<string, unknown> | undefined }
}

export function containerProcessState(state: ContainerFacts['State']): ProcessState {
  // A paused container also reports Running: paused wins.
  if (state.Paused || state.Status === 'paused') return 'paused'
  if (state.Running || state.Status === 'running' || state.Status === 'restarting') return 'running'
  return 'exited'
}

/** The member view of a container; a container that is gone (null) has exited and has no networks. */
export function containerView(container: string, facts: ContainerFacts | null): MemberView {
  if (facts === null) return { process: 'exited', pid: null, container, networks: [] }
  const process = containerProcessState(facts.State)
  return {
    process,
    pid: process !== 'exited' && facts.State.Pid > 0 ? facts.State.Pid : null,
    container,
    networks: Object.keys(facts.NetworkSettings.Networks ?? {}).sort(),
  }
}

/** A running container beyond its pid: `<container id>@<started at>`; null when it is not running. */
export function containerInstance(
  info: { Id: string; State: ContainerFacts['State'] & { StartedAt: string } } | null,
): string | null {
  if (info === null || containerProcessState(info.State) === 'exited') return null
  return `${info.Id}@${info.State.StartedAt}`
}

/** The unix second a container was last started (where its log of that start begins); 0 when unknown. */
export function startedAtSeconds(startedAt: string): number {
  const ms = Date.parse(startedAt)
  return Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0
}
