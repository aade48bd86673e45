import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { parseAppArgs } from '../app/app-config.js'
import { DEFAULT_LIMIT, DEFAULT_MAXMEMORY_BYTES, MAXMEMORY_CEILING_BYTES } from '../defaults.js'
import { findNode, nodeLaunch, prepareLaunch } from './node-launch.js'
import { newRunRecord, validateUp } from './run-plan.js'
import { nodeConfigPath } from './run-record.js'

function home(): string {
  const dir = mkdtempSync(join(tmpdir(), 'operator-rl-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

const ports = [7001, 7002, 7003, 7101, 7102, 7103, 7201, 7202, 7203]
const run = newRunRecord('rl-test', 0, ports, 'r1', DEFAULT_MAXMEMORY_BYTES)

describe('ratelimiter node launches', () => {
  it('gives the run nine nodes in order with their ports, r1 the initial primary', () => {
    expect(run.nodes.map((n) => `${n.name}:${n.kind}:${n.port}`)).toEqual([
      'r1:redis:7001',
      'r2:redis:7002',
      'r3:redis:7003',
      's1:sentinel:7101',
      's2:sentinel:7102',
      's3:sentinel:7103',
      'a1:app:7201',
      'a2:app:7202',
      'a3:app:7203',
    ])
    expect(run).toMatchObject({
      initial_primary: 'r1',
      master_name: 'ratelimiter',
      limit: { points: DEFAULT_LIMIT.points },
    })
  })

  it('starts a Redis node from a config naming its primary, or none when it is the primary', () => {
    const h = home()
    const r1 = nodeLaunch(h, run, findNode(run, 'r1'), 7001)
    expect(r1).toMatchObject({ binary: 'redis-server', args: [nodeConfigPath(h, 'rl-test', 'r1')] })
    expect(r1.config?.text).not.toMatch(/replicaof/)
    const r2 = nodeLaunch(h, run, findNode(run, 'r2'), 7001)
    expect(r2.config?.text).toMatch(/^replicaof 127\.0\.0\.1 7001$/m)
    // Restarted after a failover to r3: it follows the current primary.
    expect(nodeLaunch(h, run, findNode(run, 'r1'), 7003).config?.text).toMatch(/^replicaof 127\.0\.0\.1 7003$/m)
  })

  it("writes a Sentinel's config only once: a restart keeps what Sentinel rewrote into it", () => {
    const h = home()
    const first = nodeLaunch(h, run, findNode(run, 's2'), 7001)
    expect(first.binary).toBe('redis-sentinel')
    prepareLaunch(first)
    const path = nodeConfigPath(h, 'rl-test', 's2')
    expect(readFileSync(path, 'utf8')).toMatch(/sentinel monitor ratelimiter 127\.0\.0\.1 7001 2/)
    writeFileSync(path, 'rewritten by sentinel\n')
    const again = nodeLaunch(h, run, findNode(run, 's2'), 7003)
    expect(again.config).toBeUndefined()
    prepareLaunch(again)
    expect(readFileSync(path, 'utf8')).toBe('rewritten by sentinel\n')
    expect(existsSync(again.dataDir)).toBe(true)
  })

  it('starts an app with node, the built server and every Sentinel, sharing the limit among three', () => {
    const a3 = nodeLaunch(home(), run, findNode(run, 'a3'), 7001)
    expect(a3.binary).toBe(process.execPath)
    expect(a3.args[0]).toMatch(/dist\/subjects\/ratelimiter\/app\/server\.js$/)
    expect(parseAppArgs(a3.args.slice(1))).toMatchObject({
      name: 'a3',
      port: 7203,
      sentinels: [7101, 7102, 7103],
      points: DEFAULT_LIMIT.points,
      durationS: 1,
      instances: 3,
    })
  })

  it('refuses an unknown node, a primary that is not a Redis node, a maxmemory over the ceiling and docker', () => {
    expect(() => findNode(run, 'm1')).toThrow(/not a node of run rl-test/)
    expect(() => validateUp({ home: '/h', preferred: 's1' })).toThrow(/not a Redis node/)
    expect(() => validateUp({ home: '/h', quotaBytes: MAXMEMORY_CEILING_BYTES + 1 })).toThrow(/ceiling/)
    expect(() => validateUp({ home: '/h', runtime: 'docker' })).toThrow(/local processes only/)
    expect(validateUp({ home: '/h' })).toEqual({ primary: 'r1', maxmemory: DEFAULT_MAXMEMORY_BYTES })
  })
})
