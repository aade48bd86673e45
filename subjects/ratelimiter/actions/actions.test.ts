import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../src/core/clock.js'
import type { ActionContext, ActionResult } from '../../../src/core/subject.js'
import { type FakeWorld, fakeWorld } from '../handle-fake.js'
import { ratelimiterActions } from './index.js'

function run(w: FakeWorld, name: string, params: Record<string, unknown>): Promise<ActionResult> {
  const action = ratelimiterActions(w.handle).find((a) => a.name === name)
  if (action === undefined) throw new Error(`no action ${name}`)
  const ctx: ActionContext = {
    signal: new AbortController().signal,
    clock: new SimulatedClock(0),
    log: () => undefined,
  }
  return action.run(action.params.parse(params), ctx)
}

const sent = (w: FakeWorld, command: string) => w.calls.filter((c) => c.split(' ')[1] === command)

describe('replicaof', () => {
  it('refuses the primary itself and sends it nothing', async () => {
    const w = fakeWorld()
    const result = await run(w, 'replicaof', { member: 'r1' })
    expect(result).toMatchObject({
      status: 'failed',
      summary: 'refused: r1 is the primary',
      details: { cause: 'is_primary' },
    })
    expect(sent(w, 'REPLICAOF')).toEqual([])
  })

  it('points a replica with a broken link at the agreed primary and waits for its link', async () => {
    const w = fakeWorld()
    Object.assign(w.redis.r3 ?? {}, { master_port: 1, link_up: false })
    const result = await run(w, 'replicaof', { member: 'r3' })
    expect(result).toMatchObject({ status: 'ok', summary: 'r3 replicates from r1 again, link up' })
    expect(sent(w, 'REPLICAOF')).toEqual(['r3 REPLICAOF 127.0.0.1 7001'])
  })

  it('leaves a replica that is already linked to the primary alone', async () => {
    const w = fakeWorld()
    expect(await run(w, 'replicaof', { member: 'r2' })).toMatchObject({ status: 'ok', details: { changed: false } })
    expect(sent(w, 'REPLICAOF')).toEqual([])
  })
})

describe('set_maxmemory', () => {
  it("refuses more than the run's own ceiling, even within the schema's", async () => {
    const w = fakeWorld()
    const result = await run(w, 'set_maxmemory', { member: 'r1', bytes: 100 * 1024 * 1024 })
    expect(result).toMatchObject({ status: 'failed', details: { cause: 'above_ceiling', ceiling: 64 * 1024 * 1024 } })
    expect(sent(w, 'CONFIG')).toEqual([])
  })

  it('refuses a maxmemory below what the node uses, and sets one above it', async () => {
    const w = fakeWorld()
    Object.assign(w.redis.r1 ?? {}, { used: 2_000_000 })
    expect(await run(w, 'set_maxmemory', { member: 'r1', bytes: 1024 * 1024 })).toMatchObject({
      status: 'failed',
      details: { cause: 'below_used' },
    })
    expect(await run(w, 'set_maxmemory', { member: 'r1', bytes: 48 * 1024 * 1024 })).toMatchObject({ status: 'ok' })
    expect(w.redis.r1?.maxmemory).toBe(48 * 1024 * 1024)
  })
})

describe('restore_ttl and reset_counter', () => {
  it('gives the TTL-less limiter keys on the primary a TTL of one window', async () => {
    const w = fakeWorld()
    w.redis.r1?.keys.set('rl:k1', -1).set('rl:k2', 400).set('rl:k3', -1)
    const result = await run(w, 'restore_ttl', {})
    expect(result).toMatchObject({ status: 'ok', details: { member: 'r1', ttl_ms: 1000, scanned: 3, restored: 2 } })
    expect([...(w.redis.r1?.keys.values() ?? [])]).toEqual([1000, 400, 1000])
  })

  it('refuses a replica, and a TTL longer than the window', async () => {
    const w = fakeWorld()
    expect(await run(w, 'restore_ttl', { member: 'r2' })).toMatchObject({ details: { cause: 'not_primary' } })
    expect(await run(w, 'restore_ttl', { ttl_ms: 5000 })).toMatchObject({ details: { cause: 'above_window' } })
  })

  it("deletes one key's counter on the primary", async () => {
    const w = fakeWorld()
    w.redis.r1?.keys.set('rl:k7', 1000)
    expect(await run(w, 'reset_counter', { key: 'k7' })).toMatchObject({
      status: 'ok',
      details: { key: 'rl:k7', primary: 'r1', count: 57, deleted: 1 },
    })
    expect(w.redis.r1?.keys.has('rl:k7')).toBe(false)
  })
})

describe('sentinel_failover', () => {
  it('fails over through a Sentinel and waits until they agree on the new primary', async () => {
    const w = fakeWorld()
    const result = await run(w, 'sentinel_failover', {})
    expect(result).toMatchObject({ status: 'ok', details: { from: 'r1', to: 'r2', via: 's1' } })
  })

  it('fails with the cause and the Sentinel’s log when no replica can be promoted', async () => {
    const w = fakeWorld()
    w.onFailover = () => {
      throw new Error('NOGOODSLAVE No suitable replica to promote')
    }
    const result = await run(w, 'sentinel_failover', {})
    expect(result).toMatchObject({
      status: 'failed',
      details: { cause: 'no_good_replica', log_excerpt: ['s1: last log line'] },
    })
  })
})

describe('restarts', () => {
  it('restarts an old primary and re-points it when it comes back as a master', async () => {
    const w = fakeWorld()
    w.onFailover()
    Object.assign(w.redis.r1 ?? {}, { process: 'exited', role: 'master', master_port: null })
    const result = await run(w, 'restart_redis_node', { member: 'r1' })
    expect(result).toMatchObject({ status: 'ok', details: { was: 'exited', primary: 'r2', repointed: true } })
    expect(w.restarts).toEqual(['r1'])
  })

  it('fails with the node’s log when it does not stay up', async () => {
    const w = fakeWorld()
    w.handle.runtime.state = () => 'exited'
    const result = await run(w, 'restart_redis_node', { member: 'r3' })
    expect(result).toMatchObject({ status: 'failed', details: { cause: 'exited', log_excerpt: ['r3: last log line'] } })
  })

  it('restarts an app and waits until it is connected to the primary', async () => {
    const w = fakeWorld()
    expect(await run(w, 'restart_app_node', { member: 'a2' })).toMatchObject({ status: 'ok', details: { redis: 'r1' } })
    w.appRedis.a3 = 'r2'
    expect(await run(w, 'restart_app_node', { member: 'a3' })).toMatchObject({
      status: 'failed',
      details: { cause: 'not_on_primary', redis: 'r2', primary: 'r1' },
    })
  })
})
