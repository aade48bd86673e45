/**
 * The Docker actions the agent may propose (DESIGN.md, "Actions and the
 * loop"; issue 4, "Docker actions"). Each takes the engine lazily and a
 * scope deciding which containers and networks it may touch: bound to a run
 * (genericActions in ../catalogue.ts), runScope — that run's own only; with
 * no run, by default those labelled operator.managed=true.
 *
 * Risk and tier: read-only (logs, inspect) low, tier 1; state changes
 * (start, unpause, network_connect) medium, tier 2; availability-affecting
 * (stop, restart, pause, network_disconnect) high, tier 2; exec high, tier 3.
 */
import type { ActionDefinition, ActionSpec } from '../../core/subject.js'
import type { EngineGetter } from './engine.js'
import { DOCKER_EXEC, dockerExecAction } from './exec-action.js'
import {
  DOCKER_PAUSE,
  DOCKER_RESTART,
  DOCKER_START,
  DOCKER_STOP,
  DOCKER_UNPAUSE,
  dockerPauseAction,
  dockerRestartAction,
  dockerStartAction,
  dockerStopAction,
  dockerUnpauseAction,
} from './lifecycle-actions.js'
import {
  DOCKER_NETWORK_CONNECT,
  DOCKER_NETWORK_DISCONNECT,
  dockerNetworkConnectAction,
  dockerNetworkDisconnectAction,
} from './network-actions.js'
import { DOCKER_INSPECT, DOCKER_LOGS, dockerInspectAction, dockerLogsAction } from './read-actions.js'
import { type DockerScope, MANAGED_ONLY } from './scope.js'

export function dockerActions(getEngine: EngineGetter, scope: DockerScope = MANAGED_ONLY): ActionDefinition<unknown>[] {
  return [
    dockerStartAction(getEngine, scope),
    dockerStopAction(getEngine, scope),
    dockerRestartAction(getEngine, scope),
    dockerPauseAction(getEngine, scope),
    dockerUnpauseAction(getEngine, scope),
    dockerLogsAction(getEngine, scope),
    dockerInspectAction(getEngine, scope),
    dockerExecAction(getEngine, scope),
    dockerNetworkConnectAction(getEngine, scope),
    dockerNetworkDisconnectAction(getEngine, scope),
  ] as ActionDefinition<unknown>[]
}

/** The Docker actions' catalogue entries, in the same order. */
export const DOCKER_ACTION_SPECS: readonly ActionSpec[] = [
  DOCKER_START,
  DOCKER_STOP,
  DOCKER_RESTART,
  DOCKER_PAUSE,
  DOCKER_UNPAUSE,
  DOCKER_LOGS,
  DOCKER_INSPECT,
  DOCKER_EXEC,
  DOCKER_NETWORK_CONNECT,
  DOCKER_NETWORK_DISCONNECT,
] as ActionSpec[]
