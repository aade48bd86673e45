/**
 * Actions every subject can offer besides its own: the Docker actions, the
 * script sandbox and the host actions — as data (GENERIC_ACTION_SPECS) and
 * bound to a run's engine and id. The subject registry (src/registry/) adds
 * them to every subject's catalogue and opened runs; executors know no subject.
 */
import type { ActionDefinition, ActionSpec } from '../core/subject.js'
import { DOCKER_ACTION_SPECS, dockerActions } from './docker/actions.js'
import type { EngineGetter } from './docker/engine.js'
import { lazyEngine } from './docker/lazy-engine.js'
import { type DockerScope, runScope } from './docker/scope.js'
import { HOST_ACTION_SPECS, hostActionList } from './host/index.js'
import { RUN_SCRIPT, runScriptAction } from './sandbox/run-script-action.js'

export { lazyEngine } from './docker/lazy-engine.js'

/** Every generic action's catalogue entry: Docker, sandbox, host. */
export const GENERIC_ACTION_SPECS: readonly ActionSpec[] = [
  ...DOCKER_ACTION_SPECS,
  RUN_SCRIPT as ActionSpec,
  ...HOST_ACTION_SPECS,
]

export interface GenericActionDeps {
  /** Reaches the engine when an action runs (not before: a subject without Docker still loads); lazyEngine() is the usual one. */
  getEngine: EngineGetter
  /** The run: containers started by actions are labelled with it, and the Docker actions touch only its own. */
  runId: string
  /** Which containers and networks Docker actions may touch; default: this run's only (runScope). */
  scope?: DockerScope
}

export function genericActions(deps: GenericActionDeps): ActionDefinition<unknown>[] {
  return [
    ...dockerActions(deps.getEngine, deps.scope ?? runScope(deps.runId)),
    runScriptAction({ getEngine: deps.getEngine, runId: deps.runId }) as ActionDefinition<unknown>,
  ]
}

/**
 * Every generic action bound to one run: Docker (scoped to the run's own containers and networks) and sandbox
 * (engine found lazily), then host (allowlist from the environment).
 */
export function genericActionsForRun(runId: string): ActionDefinition<unknown>[] {
  return [...genericActions({ getEngine: lazyEngine(), runId }), ...hostActionList({})]
}
