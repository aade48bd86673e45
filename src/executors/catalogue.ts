/**
 * Actions every subject can offer besides its own: the Docker actions and
 * the script sandbox. A subject appends genericActions(…) to its list so the
 * agent can propose them and validation knows them:
 *
 *   actions: [...etcdActions(handle), ...genericActions({ getEngine: lazyEngine(), runId })]
 */
import type { ActionDefinition } from '../core/subject.js'
import { dockerActions } from './docker/actions.js'
import type { EngineGetter } from './docker/engine.js'
import { type DockerScope, MANAGED_ONLY } from './docker/scope.js'
import { runScriptAction } from './sandbox/run-script-action.js'

export { lazyEngine } from './docker/lazy-engine.js'

export interface GenericActionDeps {
  /** Reaches the engine when an action runs (not before: a subject without Docker still loads); lazyEngine() is the usual one. */
  getEngine: EngineGetter
  /** The run containers started by actions are labelled with. */
  runId: string
  /** Which containers and networks Docker actions may touch; default: operator.managed=true only. */
  scope?: DockerScope
}

export function genericActions(deps: GenericActionDeps): ActionDefinition<unknown>[] {
  return [
    ...dockerActions(deps.getEngine, deps.scope ?? MANAGED_ONLY),
    runScriptAction({ getEngine: deps.getEngine, runId: deps.runId }) as ActionDefinition<unknown>,
  ]
}
