/**
 * The ratelimiter observer, checker and workload against a real run (three
 * redis-server, three redis-sentinel, three app instances; no mocks): a
 * healthy run under load raises nothing; a SIGKILLed primary is seen at once
 * and Sentinel's failover to a new agreed primary within seconds. The run is
 * always taken down, also when the test fails.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { systemClock } from '../../src/core/clock.js'
import type { WorkloadClient } from '../../src/core/subject.js'
import { runWorkloadLoop } from '../../src/workload/workload-loop.js'
import { createRatelimiterChecker } from '../../subjects/ratelimiter/checker.js'
import type { RatelimiterObservation } from '../../subjects/ratelimiter/observation.js'
import { createObserver, type RatelimiterObserver } from '../../subjects/ratelimiter/observe.js'
import {
  clusterDown,
  clusterUp,
  currentRun,
  readRunRecord,
  signalNode,
} from '../../subjects/ratelimiter/runtime/index.js'
import { summarizeObservation } from '../../subjects/ratelimiter/summarize.js'
import { openRatelimiterWorkload } from '../../subjects/ratelimiter/workload.js'

const deps = { clock: systemClock, log: () => undefined }
const live = () => new AbortController().signal

/** Observes until the predicate holds (bounded); returns that observation. */
async function observeUntil(
  observer: RatelimiterObserver,
  what: string,
  predicate: (obs: RatelimiterObservation) => boolean,
  timeoutMs = 30_000,
): Promise<RatelimiterObservation> {
  const until = Date.now() + timeoutMs
  let last: RatelimiterObservation | null = null
  while (Date.now() < until) {
    last = await observer.observe(live())
    if (predicate(last)) return last
    await systemClock.sleep(200)
  }
  throw new Error(`timed out waiting for ${what}; last: ${last === null ? 'none' : summarizeObservation(last)}`)
}

const keysOf = (obs: RatelimiterObservation, checker = createRatelimiterChecker()) =>
  checker
    .evaluate(obs)
    .map((v) => v.key)
    .sort()

/** A busy test machine's latency is not the run's fault: the limiter_latency warning is left out. */
const besidesLatency = (keys: string[]) => keys.filter((k) => !k.startsWith('limiter_latency'))

/** Brings a run up in a fresh OPERATOR_HOME with a workload on it; all of it is stopped when the test finishes. */
async function startRun() {
  const home = mkdtempSync(join(tmpdir(), 'operator-rl-observe-'))
  let observer: RatelimiterObserver | null = null
  let workload: WorkloadClient | null = null
  const stopLoad = new AbortController()
  let loop: Promise<unknown> = Promise.resolve()
  onTestFinished(async () => {
    stopLoad.abort()
    await loop.catch(() => undefined)
    await workload?.close()
    observer?.close()
    if (currentRun(home) !== null) await clusterDown(home)
    rmSync(home, { recursive: true, force: true })
  })
  await clusterUp({ home }, live(), deps)
  const runId = currentRun(home) ?? ''
  observer = createObserver(home, runId, readRunRecord(home, runId))
  workload = await openRatelimiterWorkload(home, runId, deps)
  loop = runWorkloadLoop({
    client: workload,
    clock: systemClock,
    signal: stopLoad.signal,
    rate: 300,
    onSample: () => {},
  })
  return { home, runId, observer }
}

describe('ratelimiter observation of a real run', () => {
  it('sees a healthy run under load, then a killed primary and the failover to a new agreed primary', async () => {
    const { home, runId, observer } = await startRun()
    const healthy = await observeUntil(
      observer,
      'a healthy run with a workload truth',
      (o) => o.primary === 'r1' && o.limit !== null && o.limit.windows > 0 && besidesLatency(keysOf(o)).length === 0,
    )
    expect(healthy.redis.map((n) => [n.name, n.role, n.link_up])).toEqual([
      ['r1', 'master', null],
      ['r2', 'slave', true],
      ['r3', 'slave', true],
    ])
    expect(healthy.sentinels.map((s) => s.primary)).toEqual(['r1', 'r1', 'r1'])
    expect(healthy.apps.map((a) => [a.healthy, a.redis])).toEqual([
      [true, 'r1'],
      [true, 'r1'],
      [true, 'r1'],
    ])
    expect(healthy.redis[0]?.limiter_keys).toBeGreaterThan(0)

    const checker = createRatelimiterChecker()
    for (let i = 0; i < 3; i++) {
      await systemClock.sleep(500)
      const raised = checker.check(await observer.observe(live()), { operatorChanges: [] })
      expect(besidesLatency(raised.map((v) => v.key))).toEqual([])
    }

    signalNode(home, runId, 'r1', 'SIGKILL')
    // A SIGKILLed process takes a moment to die: the first observation may still find it running.
    const crashed = await observeUntil(observer, 'r1 dead', (o) => o.redis[0]?.process === 'exited', 5000)
    expect(crashed.redis[0]).toMatchObject({ name: 'r1', reachable: false })
    expect(keysOf(crashed)).toEqual(expect.arrayContaining(['primary_agreed', 'redis_nodes_up:r1']))

    const failedOver = await observeUntil(
      observer,
      'a new agreed primary',
      (o) =>
        o.primary !== null && o.primary !== 'r1' && o.redis.some((n) => n.name === o.primary && n.role === 'master'),
      15_000,
    )
    expect(keysOf(failedOver)).not.toContain('primary_agreed')
    expect(keysOf(failedOver)).toContain('redis_nodes_up:r1')
    // The apps follow the new primary (their connections come back after the failover).
    const followed = await observeUntil(
      observer,
      'the apps on the new primary',
      (o) => o.primary !== null && o.apps.every((a) => a.redis === o.primary),
      15_000,
    )
    expect(followed.apps.map((a) => a.redis)).toEqual([followed.primary, followed.primary, followed.primary])
  })
})
