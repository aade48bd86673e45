/**
 * docker_network_connect for an etcd run on the docker runtime: the generic
 * Docker action (src/executors/docker), scoped to the containers and
 * networks labelled with this run, so the agent can put a partitioned member
 * back on the peer network and touch nothing else.
 */
import { LABEL_MANAGED, LABEL_ROLE, LABEL_RUN } from '../../../src/executors/docker/engine.js'
import { dockerNetworkConnectAction } from '../../../src/executors/docker/network-actions.js'
import { labelScope } from '../../../src/executors/docker/scope.js'
import type { GetEngine } from '../runtime/docker/docker-member-runtime.js'

/** The rule id a refusal names when a container or network is not this run's. */
export const RUN_SCOPE_RULE = 'etcd.run_members_only'

export function runNetworkConnectAction(runId: string, getEngine: GetEngine) {
  const scope = labelScope(RUN_SCOPE_RULE, { [LABEL_MANAGED]: 'true', [LABEL_ROLE]: 'subject', [LABEL_RUN]: runId })
  return dockerNetworkConnectAction(getEngine, scope)
}
