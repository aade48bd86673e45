/**
 * The container of one member, as created by `up`: the etcd image, the same
 * etcd flags as the process runtime, its client port published on 127.0.0.1
 * at the host port recorded in the run, on the client network. The peer
 * network is connected before the first start.
 *
 * The host port is fixed at create time: a port the engine picks anew
 * (HostPort '') changes on every start of the container, which would strand
 * the clients of every process that read the run record before a restart.
 */
import type Docker from 'dockerode'
import { STOP_GRACE_MS } from '../../defaults.js'
import { memberArgs } from '../member-process.js'
import type { DockerRunRecord, RunMember } from '../run-records.js'
import { CLIENT_PORT, containerDataDir, memberLabels, PEER_PORT } from './names.js'

/** The host port of a member's client URL (`http://127.0.0.1:<port>`). */
export function hostPortOf(member: RunMember): string {
  return new URL(member.client_url).port
}

export function memberContainerOptions(
  run: DockerRunRecord,
  member: RunMember,
  name: string,
): Docker.ContainerCreateOptions {
  const args = memberArgs({
    name: member.name,
    clientUrl: member.client_url,
    peerUrl: member.peer_url,
    listenClientUrl: `http://0.0.0.0:${CLIENT_PORT}`,
    listenPeerUrl: `http://0.0.0.0:${PEER_PORT}`,
    dataDir: containerDataDir(member.name),
    initialCluster: run.members.map((m) => `${m.name}=${m.peer_url}`).join(','),
    clusterToken: run.cluster_token,
    clusterState: 'new',
    quotaBytes: run.quota_bytes,
  })
  const port = `${CLIENT_PORT}/tcp`
  return {
    name,
    Image: run.docker.image,
    Cmd: ['/usr/bin/etcd', ...args],
    Labels: memberLabels(run.run_id, member.name),
    ExposedPorts: { [port]: {} },
    StopSignal: 'SIGTERM',
    StopTimeout: Math.ceil(STOP_GRACE_MS / 1000),
    HostConfig: {
      NetworkMode: run.docker.client_network,
      PortBindings: { [port]: [{ HostIp: '127.0.0.1', HostPort: hostPortOf(member) }] },
      RestartPolicy: { Name: 'no' },
    },
  }
}
