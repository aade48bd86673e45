import { describe, expect, it } from 'vitest'
import { memberArgs } from '../member-process.js'
import type { DockerRunRecord } from '../run-records.js'
import { memberContainerOptions } from './member-container.js'
import { clientNetworkName, containerName, peerNetworkName, peerUrl } from './names.js'

const RUN = 'etcd-20250101-000000-abcd'
const run: DockerRunRecord = {
  subject: 'etcd',
  run_id: RUN,
  runtime: 'docker',
  created_at: 0,
  quota_bytes: 16 * 1024 * 1024,
  preferred: 'm1',
  cluster_token: RUN,
  members: ['m1', 'm2', 'm3'].map((name, i) => ({
    name,
    client_url: `http://127.0.0.1:${40001 + i}`,
    peer_url: peerUrl(RUN, name),
  })),
  docker: {
    engine_host: 'unix:///run/operator-docker/docker.sock',
    image: 'operator/etcd:0123456789ab',
    client_network: clientNetworkName(RUN),
    peer_network: peerNetworkName(RUN),
    containers: { m1: containerName(RUN, 'm1'), m2: containerName(RUN, 'm2'), m3: containerName(RUN, 'm3') },
  },
}
const member = run.members[1] ?? { name: 'm2', client_url: '', peer_url: '' }
const options = memberContainerOptions(run, member, containerName(RUN, 'm2'))
const args = options.Cmd ?? []
const flag = (name: string) => args[args.indexOf(name) + 1]

describe('member container', () => {
  it('is named and labelled for the run and the member', () => {
    expect(options.name).toBe(`operator-${RUN}-m2`)
    expect(options.Labels).toEqual({
      'operator.managed': 'true',
      'operator.role': 'subject',
      'operator.run': RUN,
      'operator.member': 'm2',
    })
    expect(options.Image).toBe('operator/etcd:0123456789ab')
  })

  it('publishes the client port on 127.0.0.1 only, at the port recorded in the run, on the client network', () => {
    expect(options.HostConfig?.PortBindings).toEqual({ '2379/tcp': [{ HostIp: '127.0.0.1', HostPort: '40002' }] })
    expect(options.HostConfig?.NetworkMode).toBe(`operator-${RUN}-client`)
    expect(options.HostConfig?.RestartPolicy).toEqual({ Name: 'no' })
  })

  it('runs etcd with the process runtime’s flags, listening inside the container and advertising what the run records', () => {
    expect(args[0]).toBe('/usr/bin/etcd')
    expect(flag('--listen-client-urls')).toBe('http://0.0.0.0:2379')
    expect(flag('--advertise-client-urls')).toBe('http://127.0.0.1:40002')
    expect(flag('--listen-peer-urls')).toBe('http://0.0.0.0:2380')
    expect(flag('--initial-advertise-peer-urls')).toBe(`http://operator-${RUN}-m2.operator-${RUN}-peer:2380`)
    expect(flag('--initial-cluster')).toBe(run.members.map((m) => `${m.name}=${m.peer_url}`).join(','))
    const processArgs = memberArgs({
      name: 'm2',
      clientUrl: 'c',
      peerUrl: 'p',
      dataDir: 'd',
      initialCluster: 'i',
      clusterToken: RUN,
      clusterState: 'new',
      quotaBytes: run.quota_bytes,
    })
    const flags = (a: string[]) => a.filter((x) => x.startsWith('--'))
    expect(flags(args.slice(1))).toEqual(flags(processArgs))
    for (const f of [
      '--quota-backend-bytes',
      '--heartbeat-interval',
      '--election-timeout',
      '--initial-cluster-token',
      '--initial-cluster-state',
    ]) {
      expect(flag(f)).toBe(processArgs[processArgs.indexOf(f) + 1])
    }
  })

  it('names peers on the peer network only, so that a partition really cuts them', () => {
    expect(peerUrl(RUN, 'm1')).toBe(`http://${containerName(RUN, 'm1')}.${peerNetworkName(RUN)}:2380`)
  })
})
