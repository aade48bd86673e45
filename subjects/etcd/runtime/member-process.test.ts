import { describe, expect, it } from 'vitest'
import { memberArgs } from './member-process.js'

describe('memberArgs', () => {
  const launch = {
    name: 'm2',
    clientUrl: 'http://127.0.0.1:4001',
    peerUrl: 'http://127.0.0.1:4002',
    dataDir: '/tmp/run/m2',
    logFile: '/tmp/run/logs/m2.log',
    initialCluster: 'm1=http://127.0.0.1:3002,m2=http://127.0.0.1:4002',
    clusterToken: 'etcd-20250101-000000-abcd',
    clusterState: 'new' as const,
    quotaBytes: 16 * 1024 * 1024,
  }

  it('gives etcd every flag as a separate argument, loopback URLs only', () => {
    const args = memberArgs(launch)
    const flag = (name: string) => args[args.indexOf(name) + 1]
    expect(flag('--name')).toBe('m2')
    expect(flag('--listen-client-urls')).toBe('http://127.0.0.1:4001')
    expect(flag('--advertise-client-urls')).toBe('http://127.0.0.1:4001')
    expect(flag('--listen-peer-urls')).toBe('http://127.0.0.1:4002')
    expect(flag('--initial-cluster-token')).toBe('etcd-20250101-000000-abcd')
    expect(flag('--initial-cluster-state')).toBe('new')
    expect(flag('--quota-backend-bytes')).toBe('16777216')
    expect(flag('--heartbeat-interval')).toBe('100')
    expect(flag('--election-timeout')).toBe('1000')
    expect(flag('--logger')).toBe('zap')
    expect(flag('--log-outputs')).toBe('stderr')
    expect(args.filter((a) => a.startsWith('http')).every((u) => u.startsWith('http://127.0.0.1:'))).toBe(true)
  })

  it('keeps the same flags on restart, joining the existing cluster', () => {
    const first = memberArgs(launch)
    const again = memberArgs({ ...launch, clusterState: 'existing' })
    expect(again.filter((a) => a !== 'existing')).toEqual(first.filter((a) => a !== 'new'))
  })
})
