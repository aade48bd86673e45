/**
 * A fake ratelimiter run for unit tests of actions and faults: Redis nodes,
 * Sentinels and apps as plain data, answering the few commands the actions
 * send (INFO, REPLICAOF, CONFIG, SCAN, EVAL, GET, DEL, SENTINEL) and
 * recording each call. Not used by the subject itself.
 */
import type { RatelimiterHandle } from './handle.js'
import type { ProcessState } from './observation.js'
import type { RedisConn } from './redis-admin.js'
import type { RatelimiterRunRecord } from './runtime/run-record.js'

export interface FakeRedis {
  role: 'master' | 'slave'
  master_port: number | null
  link_up: boolean
  used: number
  maxmemory: number
  process: ProcessState
  /** Limiter keys and their PTTL (-1: none). */
  keys: Map<string, number>
}

export interface FakeWorld {
  run: RatelimiterRunRecord
  redis: Record<string, FakeRedis>
  /** What every Sentinel names. */
  sentinelPrimary: string
  /** What SENTINEL FAILOVER does: by default, promote the next replica. */
  onFailover: () => void
  /** `member COMMAND args…` of every call, in order. */
  calls: string[]
  restarts: string[]
  appRedis: Record<string, string | null>
  handle: RatelimiterHandle
}

const PORTS: Record<string, number> = { r1: 7001, r2: 7002, r3: 7003, s1: 7101, s2: 7102, s3: 7103 }
const APP_PORTS: Record<string, number> = { a1: 7201, a2: 7202, a3: 7203 }

function fakeRun(): RatelimiterRunRecord {
  const nodes = [
    ...Object.entries(PORTS).map(([name, port]) => ({ name, port, kind: name.startsWith('r') ? 'redis' : 'sentinel' })),
    ...Object.entries(APP_PORTS).map(([name, port]) => ({ name, port, kind: 'app' })),
  ] as RatelimiterRunRecord['nodes']
  return {
    subject: 'ratelimiter',
    run_id: 'rl-test',
    runtime: 'process',
    created_at: 0,
    master_name: 'ratelimiter',
    initial_primary: 'r1',
    limit: { points: 50, duration_s: 1 },
    maxmemory_bytes: 32 * 1024 * 1024,
    maxmemory_ceiling_bytes: 64 * 1024 * 1024,
    nodes,
  }
}

const replica = (of: string): FakeRedis => ({
  role: 'slave',
  master_port: PORTS[of] ?? null,
  link_up: true,
  used: 1_000_000,
  maxmemory: 32 * 1024 * 1024,
  process: 'running',
  keys: new Map(),
})

export function fakeWorld(): FakeWorld {
  const w: FakeWorld = {
    run: fakeRun(),
    redis: { r1: { ...replica('r1'), role: 'master', master_port: null }, r2: replica('r1'), r3: replica('r1') },
    sentinelPrimary: 'r1',
    onFailover: () => {
      const next = Object.keys(w.redis).find((n) => n !== w.sentinelPrimary && w.redis[n]?.process === 'running')
      if (next === undefined) throw new Error('NOGOODSLAVE No suitable replica to promote')
      w.sentinelPrimary = next
      for (const [name, node] of Object.entries(w.redis))
        Object.assign(node, name === next ? { role: 'master', master_port: null } : { master_port: PORTS[next] })
    },
    calls: [],
    restarts: [],
    appRedis: { a1: 'r1', a2: 'r1', a3: 'r1' },
    handle: undefined as unknown as RatelimiterHandle,
  }
  const nameAt = (port: number) => Object.entries({ ...PORTS, ...APP_PORTS }).find(([, p]) => p === port)?.[0] ?? '?'
  const conn = (name: string): RedisConn => ({
    call: async (command, ...args) => {
      w.calls.push([name, command, ...args].join(' '))
      const node = w.redis[name]
      if (node === undefined) return sentinel(w, command, args)
      if (node.process !== 'running') throw new Error('connect ECONNREFUSED')
      return redis(node, command, args)
    },
  })
  w.handle = {
    home: '/nowhere',
    run_id: w.run.run_id,
    run: w.run,
    redis: async (port, use) => use(conn(nameAt(port))),
    runtime: {
      signal: async (member, signal) => ({ summary: `${signal} sent to ${member}`, pid: 42 }),
      restart: async (member) => {
        w.restarts.push(member)
        const node = w.redis[member]
        const was = node?.process ?? 'running'
        if (node !== undefined) node.process = 'running'
        return { was, pid: 43 }
      },
      state: (member) => w.redis[member]?.process ?? 'running',
      logTail: async (member) => [`${member}: last log line`],
    },
    http: async (port) => {
      const redisName = w.appRedis[nameAt(port)] ?? null
      const body = { ok: true, redis: redisName === null ? null : `127.0.0.1:${PORTS[redisName]}`, status: 'ready' }
      return { status: 200, body: JSON.stringify(body) }
    },
    log: () => undefined,
  }
  return w
}

function sentinel(w: FakeWorld, command: string, args: (string | number)[]): unknown {
  if (command !== 'SENTINEL') throw new Error(`ERR unknown command ${command}`)
  if (args[0] !== 'FAILOVER') return ['127.0.0.1', String(PORTS[w.sentinelPrimary])]
  w.onFailover()
  return 'OK'
}

function redis(node: FakeRedis, command: string, args: (string | number)[]): unknown {
  switch (command) {
    case 'INFO':
      return node.role === 'master'
        ? `# Replication\r\nrole:master\r\n# Memory\r\nused_memory:${node.used}\r\nmaxmemory:${node.maxmemory}\r\n`
        : `role:slave\r\nmaster_port:${node.master_port}\r\nmaster_link_status:${node.link_up ? 'up' : 'down'}\r\nused_memory:${node.used}\r\nmaxmemory:${node.maxmemory}\r\n`
    case 'REPLICAOF':
      node.role = 'slave'
      node.master_port = Number(args[1])
      node.link_up = Object.values(PORTS).includes(node.master_port)
      return 'OK'
    case 'CONFIG':
      if (args[0] === 'SET') node.maxmemory = Number(args[2])
      return args[0] === 'SET' ? 'OK' : ['maxmemory', String(node.maxmemory)]
    case 'SCAN':
      return ['0', [...node.keys.keys()]]
    case 'EVAL': {
      const keys = args.slice(2, 2 + Number(args[1])).map(String)
      const ttl = Number(args[2 + keys.length])
      const bare = keys.filter((k) => node.keys.get(k) === -1)
      for (const k of bare) node.keys.set(k, ttl)
      return bare.length
    }
    case 'GET':
      return node.keys.has(String(args[0])) ? '57' : null
    case 'DEL':
      return node.keys.delete(String(args[0])) ? 1 : 0
    default:
      throw new Error(`ERR unknown command ${command}`)
  }
}
