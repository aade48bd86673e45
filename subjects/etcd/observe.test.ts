import { describe, expect, it } from 'vitest'
import { systemClock } from '../../src/core/clock.js'
import { freePorts } from '../../src/executors/local/free-ports.js'
import { MemberClients } from './clients.js'
import { EtcdObservationSchema } from './observation.js'
import { createObserver } from './observe.js'

/** Members on ports nobody listens on: every call is refused. */
async function deadCluster() {
  const ports = await freePorts(3)
  const members = ports.map((port, i) => ({ name: `m${i + 1}`, client_url: `http://127.0.0.1:${port}` }))
  const clients = new MemberClients(members, 500)
  const observe = createObserver({
    runId: 'etcd-test',
    preferred: 'm1',
    quotaBytes: 1024,
    clients,
    processState: () => 'exited',
    clock: systemClock,
    log: () => undefined,
  })
  return { clients, observe }
}

describe('observe', () => {
  it('reports members that refuse connections as down instead of throwing', async () => {
    const { clients, observe } = await deadCluster()
    try {
      const obs = await observe(new AbortController().signal)
      expect(EtcdObservationSchema.parse(obs)).toEqual(obs)
      expect(obs.members.map((m) => [m.name, m.state, m.process])).toEqual([
        ['m1', 'down', 'exited'],
        ['m2', 'down', 'exited'],
        ['m3', 'down', 'exited'],
      ])
      expect(obs.leader).toBeNull()
      expect(obs.alarms).toEqual([])
    } finally {
      clients.close()
    }
  })

  it('reuses the poll in flight instead of starting an overlapping one', async () => {
    const { clients, observe } = await deadCluster()
    try {
      const signal = new AbortController().signal
      const [a, b] = await Promise.all([observe(signal), observe(signal)])
      expect(a).toBe(b)
      const c = await observe(signal)
      expect(c).not.toBe(a)
    } finally {
      clients.close()
    }
  })

  it('records what a container runtime says of each member: its container, its networks and the peer network', async () => {
    const ports = await freePorts(3)
    const members = ports.map((port, i) => ({ name: `m${i + 1}`, client_url: `http://127.0.0.1:${port}` }))
    const clients = new MemberClients(members, 500)
    const observe = createObserver({
      runId: 'etcd-test',
      preferred: 'm1',
      quotaBytes: 1024,
      clients,
      processState: async (name) => ({
        process: name === 'm2' ? 'paused' : 'running',
        container: `c-${name}`,
        networks: name === 'm3' ? ['client'] : ['client', 'peer'],
      }),
      peerNetwork: 'peer',
      clock: systemClock,
      log: () => undefined,
    })
    try {
      const obs = await observe(new AbortController().signal)
      expect(EtcdObservationSchema.parse(obs)).toEqual(obs)
      expect(obs.peer_network).toBe('peer')
      expect(obs.members.map((m) => [m.name, m.process, m.container, m.networks])).toEqual([
        ['m1', 'running', 'c-m1', ['client', 'peer']],
        ['m2', 'paused', 'c-m2', ['client', 'peer']],
        ['m3', 'running', 'c-m3', ['client']],
      ])
    } finally {
      clients.close()
    }
  })

  it('rejects at once when the caller aborts', async () => {
    const { clients, observe } = await deadCluster()
    try {
      const controller = new AbortController()
      controller.abort(new Error('stop'))
      await expect(observe(controller.signal)).rejects.toThrow('stop')
    } finally {
      clients.close()
    }
  })
})
