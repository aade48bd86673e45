/**
 * Names and labels of a docker run on the engine: containers
 * `operator-<run id>-<member>`, networks `operator-<run id>-client` and
 * `operator-<run id>-peer`, all labelled operator.managed=true,
 * operator.role=subject and operator.run=<run id>.
 *
 * Peers find each other as `<container>.<peer network>`: the engine's DNS
 * answers that name on the peer network only. The bare container name would
 * also resolve on the client network, where peer traffic is blocked, and
 * would then survive a partition or break a healthy cluster, depending on
 * which network the engine tries first.
 */
import { operatorLabels } from '../../../../src/executors/docker/engine.js'

/** Label naming the member a container runs. */
export const LABEL_MEMBER = 'operator.member'

/** Where etcd listens inside every container. */
export const CLIENT_PORT = 2379
export const PEER_PORT = 2380

/** The data dir inside a member's container (kept across restarts, removed with the container). */
export function containerDataDir(member: string): string {
  return `/var/lib/etcd/${member}`
}

export function containerName(runId: string, member: string): string {
  return `operator-${runId}-${member}`
}

export function clientNetworkName(runId: string): string {
  return `operator-${runId}-client`
}

export function peerNetworkName(runId: string): string {
  return `operator-${runId}-peer`
}

/** The member's peer URL, resolved by the engine's DNS on the peer network only. */
export function peerUrl(runId: string, member: string): string {
  return `http://${containerName(runId, member)}.${peerNetworkName(runId)}:${PEER_PORT}`
}

/** Labels of the run's networks. */
export function runLabels(runId: string): Record<string, string> {
  return operatorLabels('subject', runId)
}

/** Labels of a member's container. */
export function memberLabels(runId: string, member: string): Record<string, string> {
  return operatorLabels('subject', runId, { [LABEL_MEMBER]: member })
}
