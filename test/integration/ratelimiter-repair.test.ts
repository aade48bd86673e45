/**
 * The ratelimiter subject's repairs against a real run (redis-server,
 * redis-sentinel, three apps): each fault's violation, the action the
 * playbook proposes for it run through the opened subject, and the
 * violation gone again as `observe` + `checker.evaluate` see it. One run for
 * all four, always taken down, no process left behind.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { describe, expect, it, onTestFinished } from 'vitest'
import { systemClock } from '../../src/core/clock.js'
import type { ActionContext, Subject } from '../../src/core/subject.js'
import { realProcessControl } from '../../src/executors/host/process-control.js'
import type { RatelimiterObservation } from '../../subjects/ratelimiter/index.js'
import { openRatelimiter, ratelimiterSubject } from '../../subjects/ratelimiter/index.js'
import {
  findNode,
  type NodeProcessRecord,
  readNodeRecord,
  readRunRecord,
} from '../../subjects/ratelimiter/runtime/index.js'

type Rl = Subject<RatelimiterObservation>
const ctx: ActionContext = { signal: new AbortController().signal, clock: systemClock, log: () => undefined }
const keysOf = (s: Rl, obs: RatelimiterObservation) => s.checker.evaluate(obs).map((v) => v.key)

async function observeUntil(s: Rl, what: string, ok: (obs: RatelimiterObservation) => boolean, ms = 30_000) {
  const until = Date.now() + ms
  let last: RatelimiterObservation | null = null
  while (Date.now() < until) {
    last = await s.observe(AbortSignal.timeout(5000))
    if (ok(last)) return last
    await systemClock.sleep(250)
  }
  throw new Error(`timed out waiting for ${what}; last: ${last === null ? 'none' : s.summarize(last)}`)
}

const violated = (s: Rl, key: string) => (obs: RatelimiterObservation) => keysOf(s, obs).includes(key)
const cleared = (s: Rl, key: string) => (obs: RatelimiterObservation) => !keysOf(s, obs).includes(key)

const report = (line: string) => process.stdout.write(`ratelimiter-repair: ${line}\n`)

async function act(s: Rl, name: string, params: Record<string, unknown>) {
  const action = s.actions.find((a) => a.name === name)
  if (action === undefined) throw new Error(`no action ${name}`)
  const result = await action.run(action.params.parse(params), ctx)
  report(`${name} ${JSON.stringify(params)}: ${result.status} — ${result.summary}`)
  return result
}

async function inject(s: Rl, name: string, member?: string) {
  const fault = s.faults.find((f) => f.name === name)
  if (fault === undefined) throw new Error(`no fault ${name}`)
  const result = await fault.inject(member === undefined ? { kind: 'none' } : { kind: 'member', name: member }, ctx)
  report(`fault ${name}: ${result.summary}`)
  return result
}

/** Runs the playbook's best plan for the violation `key`, step by step; its results. */
async function repairByPlaybook(s: Rl, key: string) {
  const obs = await s.observe(AbortSignal.timeout(5000))
  const violation = s.checker.evaluate(obs).find((v) => v.key === key)
  const best = violation === undefined ? undefined : s.playbook.candidates(violation, obs)[0]
  if (best === undefined) throw new Error(`no plan for ${key}; now: ${s.summarize(obs)}`)
  const results = []
  for (const step of best.steps) results.push(await act(s, step.action, step.params))
  return results
}

/** The PTTL of every limiter key on a node. */
async function pttls(port: number): Promise<number[]> {
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0 })
  try {
    await client.connect()
    const keys = await client.keys('rl:*')
    return Promise.all(keys.map((k) => client.pttl(k)))
  } finally {
    client.disconnect()
  }
}

describe('ratelimiter repairs on a real run', () => {
  it('restart_redis_node, restore_ttl, replicaof, restart_app_node, set_maxmemory and sentinel_failover each do their part', async () => {
    const home = mkdtempSync(join(tmpdir(), 'operator-rl-repair-'))
    let subject: Rl | null = null
    let runId: string | null = null
    const records: NodeProcessRecord[] = []
    onTestFinished(async () => {
      await subject?.close()
      if (runId !== null) await ratelimiterSubject.down(home, runId).catch(() => undefined)
      rmSync(home, { recursive: true, force: true })
    })
    const up = await ratelimiterSubject.up({ home }, AbortSignal.timeout(60_000))
    runId = up.run_id
    const run = readRunRecord(home, up.run_id)
    const port = (name: string) => findNode(run, name).port
    const remember = () => {
      for (const n of run.nodes) {
        const r = readNodeRecord(home, up.run_id, n.name)
        if (r !== null) records.push(r)
      }
    }
    remember()
    const s: Rl = await openRatelimiter(home, up.run_id, { clock: systemClock, log: () => undefined })
    subject = s
    await observeUntil(s, 'a clean run', (obs) => keysOf(s, obs).length === 0)

    // A replica killed comes back with its link to the primary up.
    await inject(s, 'kill_node', 'r2')
    await observeUntil(s, 'r2 down', violated(s, 'redis_nodes_up:r2'))
    expect(await act(s, 'restart_redis_node', { member: 'r2' })).toMatchObject({
      status: 'ok',
      details: { primary: 'r1' },
    })
    const back = await observeUntil(
      s,
      'r2 back',
      (o) => cleared(s, 'redis_nodes_up:r2')(o) && cleared(s, 'replica_links:r2')(o),
    )
    expect(back.redis.find((n) => n.name === 'r2')).toMatchObject({ role: 'slave', link_up: true })

    // Limiter keys stripped of their TTL get one again, of at most one window.
    for (let i = 0; i < 10; i++) await fetch(`http://127.0.0.1:${port('a1')}/hit?key=repair${i}`).then((r) => r.text())
    expect((await inject(s, 'strip_ttls')).details).toMatchObject({ persisted: expect.any(Number) })
    await observeUntil(s, 'TTL-less keys', violated(s, 'keys_have_ttl'))
    expect(await act(s, 'restore_ttl', {})).toMatchObject({ status: 'ok' })
    // -2: expired since the listing.
    const ttls = (await pttls(port('r1'))).filter((t) => t !== -2)
    expect(ttls.filter((t) => t <= 0 || t > 1000)).toEqual([])
    await observeUntil(s, 'every key with a TTL', cleared(s, 'keys_have_ttl'), 5000)

    // A replica pointed at a dead port is pointed back at the primary.
    await inject(s, 'break_replica_link', 'r3')
    await observeUntil(s, "r3's link down", violated(s, 'replica_links:r3'))
    // Sentinel re-points a misplaced replica itself after its failover-timeout; whichever comes first, it is linked.
    expect(await act(s, 'replicaof', { member: 'r3' })).toMatchObject({ status: 'ok' })
    await observeUntil(s, "r3's link up", cleared(s, 'replica_links:r3'), 10_000)

    // An app killed is restarted and connects to the primary.
    await inject(s, 'kill_app', 'a2')
    await observeUntil(s, 'a2 down', violated(s, 'apps_healthy:a2'))
    expect(await act(s, 'restart_app_node', { member: 'a2' })).toMatchObject({ status: 'ok', details: { redis: 'r1' } })
    await observeUntil(s, 'a2 healthy', cleared(s, 'apps_healthy:a2'), 10_000)

    // Memory squeezed until Redis evicts: the playbook raises maxmemory within the ceiling.
    await inject(s, 'squeeze_memory')
    await observeUntil(s, 'evictions', violated(s, 'no_evictions:r1'))
    expect(await repairByPlaybook(s, 'no_evictions:r1')).toMatchObject([{ status: 'ok', details: { member: 'r1' } }])
    await observeUntil(s, 'room again', cleared(s, 'no_evictions:r1'), 10_000)

    // A failover on request, then the new primary killed: Sentinel fails over, the playbook brings it back as a replica.
    const moved = await act(s, 'sentinel_failover', {})
    expect(moved).toMatchObject({ status: 'ok', details: { from: 'r1' } })
    const killed = (await inject(s, 'kill_primary')).targets[0] ?? ''
    expect(killed).toBe(moved.details?.to)
    await observeUntil(s, 'a failover by Sentinel', (o) => o.primary !== null && o.primary !== killed, 30_000)
    expect(await repairByPlaybook(s, `redis_nodes_up:${killed}`)).toMatchObject([{ status: 'ok' }])
    await observeUntil(s, 'a clean run again', (obs) => keysOf(s, obs).length === 0, 30_000)

    // A hot key flooded across the apps is held by the shared counter (3 s: at most 4 windows of 50), then reset.
    const flood = await inject(s, 'hot_key_flood')
    expect(flood.details).toMatchObject({ rejected: expect.any(Number), admitted: expect.any(Number) })
    expect(Number(flood.details?.admitted)).toBeLessThanOrEqual(4 * 55)
    expect(Number(flood.details?.rejected)).toBeGreaterThan(0)
    expect(await act(s, 'reset_counter', { key: 'hot' })).toMatchObject({ status: 'ok', details: { key: 'rl:hot' } })
    remember()

    await s.close()
    subject = null
    await ratelimiterSubject.down(home, up.run_id)
    runId = null
    for (const p of records) {
      const info = realProcessControl.inspect(p.pid)
      expect(info === null || info.startTime !== p.start_time || info.state === 'Z').toBe(true)
    }
  })
})
