/**
 * The ratelimiter subject's process runtime against real redis-server,
 * redis-sentinel and app instances: up (primary with two replicas, Sentinels
 * that agree, apps connected), one limit shared by three apps, a primary
 * killed and failed over while the apps keep answering, the old primary back
 * as a replica, and down leaving no process behind.
 */

import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { systemClock } from '../../src/core/clock.js'
import { realProcessControl } from '../../src/executors/host/process-control.js'
import { LIMIT_TOLERANCE } from '../../subjects/ratelimiter/defaults.js'
import {
  clusterDown,
  clusterUp,
  currentRunPath,
  findNode,
  listedReplicas,
  logTail,
  nodeProcessState,
  readNodeRecord,
  readRunRecord,
  redisInfo,
  restartNode,
  sentinelPrimaryPort,
  signalNode,
  waitNodeServing,
} from '../../subjects/ratelimiter/runtime/index.js'
import { allowedPerWindow } from '../../subjects/ratelimiter/workload-truth.js'

interface Hit {
  status: number
  path: string | null
}

async function hit(port: number, key: string): Promise<Hit> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/hit?key=${key}`, { signal: AbortSignal.timeout(3000) })
    await res.arrayBuffer()
    return { status: res.status, path: res.headers.get('x-ratelimit-path') }
  } catch {
    return { status: 0, path: null }
  }
}

async function health(port: number): Promise<string | null> {
  const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) })
  return ((await res.json()) as { redis: string | null }).redis
}

const report = (line: string) => process.stdout.write(`ratelimiter-runtime: ${line}\n`)

describe('ratelimiter process runtime', () => {
  it('shares one limit across three apps, fails over a killed primary, takes it back as a replica and stops everything', async () => {
    const home = mkdtempSync(join(tmpdir(), 'operator-rl-it-'))
    let runId: string | null = null
    onTestFinished(async () => {
      if (runId !== null) await clusterDown(home, runId).catch(() => undefined)
      rmSync(home, { recursive: true, force: true })
    })
    const log = () => undefined
    const up = await clusterUp({ home }, AbortSignal.timeout(60_000), { clock: systemClock, log })
    runId = up.run_id
    expect(up.members).toHaveLength(9)
    expect(up.members.every((m) => m.state === 'running' && m.pid !== null)).toBe(true)
    expect(up.preferred).toBe('r1')
    const run = readRunRecord(home, up.run_id)
    const port = (name: string) => findNode(run, name).port
    const pids = run.nodes.map((n) => readNodeRecord(home, up.run_id, n.name)).filter((r) => r !== null)

    const primary = await redisInfo(port('r1'))
    expect(primary.role).toBe('master')
    expect(
      listedReplicas(primary)
        .filter((r) => r.state === 'online')
        .map((r) => r.port)
        .sort(),
    ).toEqual([port('r2'), port('r3')].sort())
    for (const s of ['s1', 's2', 's3']) expect(await sentinelPrimaryPort(port(s))).toBe(port('r1'))
    for (const a of ['a1', 'a2', 'a3']) expect(await health(port(a))).toBe(`127.0.0.1:${port('r1')}`)

    // 120 requests for one key across the three apps at once: the limit (points per second) holds across instances.
    const apps = [port('a1'), port('a2'), port('a3')]
    const key = `it-${Date.now()}`
    const started = Date.now()
    const burst = await Promise.all(Array.from({ length: 120 }, (_, i) => hit(apps[i % 3] ?? 0, key)))
    const admitted = burst.filter((h) => h.status === 200).length
    report(
      `burst: ${admitted} admitted, ${burst.filter((h) => h.status === 429).length} rejected in ${Date.now() - started} ms`,
    )
    expect(burst.every((h) => h.status === 200 || h.status === 429)).toBe(true)
    expect(burst.every((h) => h.path === 'redis')).toBe(true)
    expect(admitted).toBeGreaterThanOrEqual(Math.floor(run.limit.points * 0.9))
    expect(admitted).toBeLessThanOrEqual(allowedPerWindow(run.limit.points, LIMIT_TOLERANCE))

    // Kill the primary under load; Sentinel promotes a replica and the apps follow.
    const load: Hit[] = []
    const stopLoad = new AbortController()
    const loader = (async () => {
      for (let i = 0; !stopLoad.signal.aborted; i++) {
        load.push(await hit(apps[i % 3] ?? 0, `load-${i % 40}`))
        await systemClock.sleep(10)
      }
    })()
    onTestFinished(() => stopLoad.abort())
    const killedAt = Date.now()
    expect(signalNode(home, up.run_id, 'r1', 'SIGKILL')).toMatchObject({ changed: true })
    let promoted: number | null = null
    while (Date.now() - killedAt < 20_000) {
      const named = await Promise.all(['s1', 's2', 's3'].map((s) => sentinelPrimaryPort(port(s))))
      const agreed = named.every((p) => p !== null && p === named[0] && p !== port('r1')) ? (named[0] ?? null) : null
      if (agreed !== null) {
        const views = await Promise.all(apps.map((a) => health(a).catch(() => null)))
        if (views.every((v) => v === `127.0.0.1:${agreed}`)) {
          promoted = agreed
          break
        }
      }
      await systemClock.sleep(100)
    }
    const failoverMs = Date.now() - killedAt
    await systemClock.sleep(500)
    stopLoad.abort()
    await loader
    const count = (f: (h: Hit) => boolean) => load.filter(f).length
    report(
      `failover: apps on the new primary ${failoverMs} ms after SIGKILL; ${load.length} requests: ` +
        `redis ${count((h) => h.path === 'redis')}, insurance ${count((h) => h.path === 'insurance')}, ` +
        `429 ${count((h) => h.status === 429)}, failed ${count((h) => h.status !== 200 && h.status !== 429)}`,
    )
    expect(promoted).not.toBeNull()
    expect([port('r2'), port('r3')]).toContain(promoted)
    expect(failoverMs).toBeLessThan(15_000)
    expect(count((h) => h.status !== 200 && h.status !== 429)).toBe(0)
    expect(nodeProcessState(home, up.run_id, 'r1')).toBe('exited')
    // Sentinel's own account of the failover is among the decisive lines of its log.
    const sentinelLogs = ['s1', 's2', 's3'].map((s) => logTail(home, up.run_id, s, 5).join('\n')).join('\n')
    expect(sentinelLogs).toMatch(/\+(odown|promoted-slave|switch-master)/)

    // The old primary comes back as a replica of the new one.
    const restarted = await restartNode(home, up.run_id, 'r1')
    expect(restarted).toMatchObject({ was: 'exited', replica_of: promoted })
    expect(await waitNodeServing(home, up.run_id, 'r1', 15_000)).toMatchObject({ ok: true })
    const back = await redisInfo(port('r1'))
    expect(back).toMatchObject({ role: 'slave', master_port: String(promoted), master_link_status: 'up' })
    pids.push(restarted.record)

    const down = await clusterDown(home, up.run_id)
    runId = null
    expect(down.stopped.sort()).toEqual(run.nodes.map((n) => n.name).sort())
    for (const p of pids) {
      const info = realProcessControl.inspect(p.pid)
      expect(info === null || info.startTime !== p.start_time || info.state === 'Z').toBe(true)
    }
    expect(existsSync(currentRunPath(home))).toBe(false)
  })
})
