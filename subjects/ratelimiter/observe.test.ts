import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { SimulatedClock } from '../../src/core/clock.js'
import { freePorts } from '../../src/executors/local/free-ports.js'
import { truth } from '../../test/fixtures/ratelimiter-observation.js'
import { RatelimiterObservationSchema } from './observation.js'
import { createObserver } from './observe.js'
import type { HttpGet } from './observe-app.js'
import type { ObserverConnections } from './observe-clients.js'
import { type RatelimiterRunRecord, runDir, truthPath } from './runtime/run-record.js'

const NOW = 1_700_000_000_000

function runRecord(ports: number[]): RatelimiterRunRecord {
  const names = ['r1', 'r2', 'r3', 's1', 's2', 's3', 'a1', 'a2', 'a3']
  return {
    subject: 'ratelimiter',
    run_id: 'ratelimiter-test',
    runtime: 'process',
    created_at: NOW,
    master_name: 'ratelimiter',
    initial_primary: 'r1',
    limit: { points: 50, duration_s: 1 },
    maxmemory_bytes: 32 * 1024 * 1024,
    maxmemory_ceiling_bytes: 128 * 1024 * 1024,
    nodes: names.map((name, i) => ({
      name,
      kind: name.startsWith('r') ? 'redis' : name.startsWith('s') ? 'sentinel' : 'app',
      port: ports[i] ?? 0,
    })),
  }
}

function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'rl-observe-'))
  onTestFinished(() => rmSync(home, { recursive: true, force: true }))
  mkdirSync(runDir(home, 'ratelimiter-test'), { recursive: true })
  return home
}

const PORTS = [7001, 7002, 7003, 7101, 7102, 7103, 7201, 7202, 7203]
const info = (lines: string[]) => `${lines.join('\r\n')}\r\n`
const MEMORY = ['used_memory:1000000', 'maxmemory:33554432', 'evicted_keys:0']

/** r1 primary of r2, r3 refused; s1 and s2 name r1, s3 refused; a1 healthy on r1, a2 unhealthy, a3 refused. */
function fakeCluster(): { conns: ObserverConnections; http: HttpGet; dropped: number[] } {
  const dropped: number[] = []
  const replies: Record<number, Record<string, unknown>> = {
    7001: {
      INFO: info(['role:master', 'master_repl_offset:1000', ...MEMORY]),
      SCAN: ['0', ['rl:k1', 'rl:k2', 'rl:k3']],
      PTTL: -1,
    },
    7002: {
      INFO: info(['role:slave', 'master_port:7001', 'master_link_status:up', 'slave_repl_offset:990', ...MEMORY]),
      SCAN: ['0', []],
    },
    7101: { SENTINEL: ['127.0.0.1', '7001'] },
    7102: { SENTINEL: ['127.0.0.1', '7001'] },
  }
  const conns: ObserverConnections = {
    async get(port) {
      const node = replies[port]
      if (node === undefined) throw new Error('Connection is closed.')
      return { call: async (command) => node[command] }
    },
    drop: (port) => dropped.push(port),
    close: () => undefined,
  }
  const http: HttpGet = async (port, path) => {
    if (port === 7201 && path === '/health')
      return { status: 200, body: JSON.stringify({ ok: true, redis: '127.0.0.1:7001', status: 'ready' }) }
    if (port === 7201)
      return { status: 200, body: JSON.stringify({ served: { redis: 9, insurance: 1, rejected: 2 }, p99_ms: 3.2 }) }
    if (port === 7202) return { status: 200, body: JSON.stringify({ ok: false, redis: null, status: 'reconnecting' }) }
    throw new TypeError('fetch failed')
  }
  return { conns, http, dropped }
}

describe('observe', () => {
  it('assembles nodes, Sentinels, apps, the agreed primary and the truth, observing trouble instead of throwing', async () => {
    const home = tempHome()
    writeFileSync(truthPath(home, 'ratelimiter-test'), JSON.stringify(truth({ at: NOW - 1000 })))
    const { conns, http, dropped } = fakeCluster()
    const states: Record<string, 'running' | 'exited'> = { r3: 'exited', s3: 'exited', a3: 'exited' }
    const observer = createObserver(home, 'ratelimiter-test', runRecord(PORTS), {
      clock: new SimulatedClock(NOW),
      connections: conns,
      http,
      processState: (name) => states[name] ?? 'running',
    })
    const obs = await observer.observe(new AbortController().signal)
    expect(RatelimiterObservationSchema.parse(obs)).toEqual(obs)
    expect(obs.primary).toBe('r1')
    expect(obs.redis.map((n) => [n.name, n.role, n.reachable, n.lag_bytes, n.keys_without_ttl])).toEqual([
      ['r1', 'master', true, null, 3],
      ['r2', 'slave', true, 10, 0],
      ['r3', null, false, null, null],
    ])
    expect(obs.redis[0]?.ttl_less_sample).toEqual(['rl:k1', 'rl:k2', 'rl:k3'])
    expect(obs.redis[2]).toMatchObject({ process: 'exited', error: 'Connection is closed.' })
    expect(obs.sentinels.map((s) => [s.name, s.primary, s.reachable])).toEqual([
      ['s1', 'r1', true],
      ['s2', 'r1', true],
      ['s3', null, false],
    ])
    expect(obs.apps.map((a) => [a.name, a.healthy, a.redis, a.error])).toEqual([
      ['a1', true, 'r1', null],
      ['a2', false, null, 'unhealthy: reconnecting'],
      ['a3', false, null, 'fetch failed'],
    ])
    expect(obs.apps[0]).toMatchObject({ served: { redis: 9, insurance: 1, rejected: 2 }, p99_ms: 3.2 })
    expect(obs.limit).toMatchObject({ windows: 200, over_limit_windows: 0 })
    expect(dropped.sort()).toEqual([7003, 7103])
  })

  it('reads no truth when the workload stopped writing it more than 5 s ago', async () => {
    const home = tempHome()
    writeFileSync(truthPath(home, 'ratelimiter-test'), JSON.stringify(truth({ at: NOW - 6000 })))
    const { conns, http } = fakeCluster()
    const observer = createObserver(home, 'ratelimiter-test', runRecord(PORTS), {
      clock: new SimulatedClock(NOW),
      connections: conns,
      http,
      processState: () => 'running',
    })
    expect((await observer.observe(new AbortController().signal)).limit).toBeNull()
  })

  it('shares one poll between calls made while it runs, and rejects only on its own abort', async () => {
    const { conns, http } = fakeCluster()
    let calls = 0
    const observer = createObserver(tempHome(), 'ratelimiter-test', runRecord(PORTS), {
      clock: new SimulatedClock(NOW),
      connections: {
        ...conns,
        get: (port) => {
          calls++
          return conns.get(port)
        },
      },
      http,
      processState: () => 'running',
    })
    const aborted = new AbortController()
    aborted.abort(new Error('stop'))
    const [a, b] = await Promise.all([
      observer.observe(new AbortController().signal),
      observer.observe(new AbortController().signal),
    ])
    expect(a).toBe(b)
    expect(calls).toBe(6)
    await expect(observer.observe(aborted.signal)).rejects.toThrow('stop')
  })

  it('reports a run whose ports nobody listens on as all unreachable, within the deadlines', async () => {
    const observer = createObserver(tempHome(), 'ratelimiter-test', runRecord(await freePorts(9)), {
      processState: () => 'exited',
      timeoutMs: 500,
    })
    onTestFinished(() => observer.close())
    const started = Date.now()
    const obs = await observer.observe(new AbortController().signal)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(RatelimiterObservationSchema.parse(obs)).toEqual(obs)
    expect(obs.redis.every((n) => !n.reachable && n.error !== null)).toBe(true)
    expect(obs.sentinels.every((s) => !s.reachable)).toBe(true)
    expect(obs.apps.every((a) => !a.healthy && a.error !== null)).toBe(true)
    expect(obs.primary).toBeNull()
    expect(obs.limit).toBeNull()
  })
})
