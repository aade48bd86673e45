import { setImmediate as nextTurn } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import type { Clock } from '../core/clock.js'
import { WorkloadOpError } from '../core/subject.js'
import { runWorkloadLoop, type WorkloadLoopOptions, type WorkloadSample } from './workload-loop.js'

/** Virtual time: sleeps wait until the test advances the clock past them. */
class VirtualClock implements Clock {
  private t = 0
  private timers: { at: number; resolve: () => void }[] = []

  now(): number {
    return this.t
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason)
        return
      }
      const onAbort = () => {
        this.timers = this.timers.filter((t) => t !== timer)
        reject(signal?.reason)
      }
      const timer = {
        at: this.t + ms,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        },
      }
      this.timers.push(timer)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  /** Moves time forward by ms, firing due timers in order and letting what they wake run. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms
    for (;;) {
      await settle()
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0]
      if (due === undefined) break
      this.timers = this.timers.filter((t) => t !== due)
      this.t = Math.max(this.t, due.at)
      due.resolve()
    }
    this.t = end
    await settle()
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await nextTurn()
}

interface FakeClientOptions {
  latencyMs?: number | ((seq: number) => number)
  fail?: (seq: number) => Error | undefined
}

/** A client whose ops take virtual time and fail where told; it records what ran. */
function fakeClient(clock: VirtualClock, options: FakeClientOptions = {}) {
  const stats = { started: 0, settled: 0, inFlight: 0, maxInFlight: 0 }
  const latency = options.latencyMs ?? 2
  return {
    stats,
    async op(seq: number): Promise<void> {
      stats.started++
      stats.inFlight++
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight)
      try {
        await clock.sleep(typeof latency === 'number' ? latency : latency(seq))
        const err = options.fail?.(seq)
        if (err) throw err
      } finally {
        stats.inFlight--
        stats.settled++
      }
    },
  }
}

function start(
  clock: VirtualClock,
  client: WorkloadLoopOptions['client'],
  overrides: Partial<WorkloadLoopOptions> = {},
) {
  const controller = new AbortController()
  const samples: WorkloadSample[] = []
  let finished = false
  const done = runWorkloadLoop({
    client,
    clock,
    signal: controller.signal,
    onSample: (s) => samples.push(s),
    ...overrides,
  }).finally(() => {
    finished = true
  })
  return { controller, samples, done, isFinished: () => finished }
}

describe('runWorkloadLoop', () => {
  it('runs ops at about the target rate and reports one sample per interval', async () => {
    const clock = new VirtualClock()
    const client = fakeClient(clock, { latencyMs: 3 })
    const run = start(clock, client, { rate: 200, concurrency: 4, sampleMs: 1000 })
    await clock.advance(3000)
    expect(run.samples).toHaveLength(3)
    for (const s of run.samples) {
      expect(s.ops_per_s).toBeGreaterThanOrEqual(190)
      expect(s.ops_per_s).toBeLessThanOrEqual(210)
      expect(s).toMatchObject({ p50_ms: 3, p99_ms: 3, max_ms: 3, errors: 0, error_kinds: {} })
    }
    run.controller.abort()
    await clock.advance(10)
    await expect(run.done).resolves.toMatchObject({ errors: 0 })
  })

  it('runs as fast as the concurrency allows when the rate is 0', async () => {
    const clock = new VirtualClock()
    const client = fakeClient(clock, { latencyMs: 10 })
    const run = start(clock, client, { rate: 0, concurrency: 4, sampleMs: 500 })
    await clock.advance(1000)
    expect(run.samples).toHaveLength(2)
    for (const s of run.samples) {
      expect(s.ops_per_s).toBeGreaterThanOrEqual(380)
      expect(s.ops_per_s).toBeLessThanOrEqual(420)
    }
    expect(client.stats.maxInFlight).toBe(4)
    run.controller.abort()
    await clock.advance(10)
    await run.done
  })

  it('never has more ops in flight than the concurrency, even when the rate asks for more', async () => {
    const clock = new VirtualClock()
    const client = fakeClient(clock, { latencyMs: 100 })
    const run = start(clock, client, { rate: 1000, concurrency: 3, sampleMs: 1000 })
    await clock.advance(1000)
    expect(client.stats.maxInFlight).toBe(3)
    expect(run.samples[0]?.ops_per_s).toBeCloseTo(30, -1)
    run.controller.abort()
    await clock.advance(100)
    await run.done
  })

  it('computes latency percentiles over the ops of each interval', async () => {
    const clock = new VirtualClock()
    // Every hundredth op is slow: p50 stays at the fast latency, p99 and max see the slow one.
    const client = fakeClient(clock, { latencyMs: (seq) => (seq % 100 === 99 ? 40 : 2) })
    const run = start(clock, client, { rate: 200, concurrency: 8, sampleMs: 1000 })
    await clock.advance(2000)
    const second = run.samples[1]
    expect(second?.p50_ms).toBe(2)
    expect(second?.max_ms).toBe(40)
    expect(second?.p99_ms).toBeGreaterThanOrEqual(2)
    run.controller.abort()
    await clock.advance(50)
    await run.done
  })

  it('counts failed ops by kind and keeps running', async () => {
    const clock = new VirtualClock()
    const client = fakeClient(clock, {
      fail: (seq) => {
        if (seq % 4 === 1) return new WorkloadOpError('deadline', 'deadline exceeded')
        if (seq % 4 === 2) return new WorkloadOpError('unavailable', 'connection refused')
        if (seq % 4 === 3) return new Error('something odd')
        return undefined
      },
    })
    const run = start(clock, client, { rate: 100, concurrency: 4, sampleMs: 1000 })
    await clock.advance(2000)
    expect(run.samples).toHaveLength(2)
    for (const s of run.samples) {
      expect(s.ops_per_s).toBeCloseTo(25, -1)
      expect(s.errors).toBeCloseTo(75, -1)
      expect(Object.keys(s.error_kinds).sort()).toEqual(['deadline', 'other', 'unavailable'])
      expect((s.error_kinds.deadline ?? 0) + (s.error_kinds.unavailable ?? 0) + (s.error_kinds.other ?? 0)).toBe(
        s.errors,
      )
    }
    run.controller.abort()
    await clock.advance(10)
    const totals = await run.done
    expect(totals.errors).toBeGreaterThan(totals.ops * 2)
  })

  it('survives ops that throw synchronously', async () => {
    const clock = new VirtualClock()
    const client = {
      op: (): Promise<void> => {
        throw new WorkloadOpError('other', 'boom')
      },
    }
    const run = start(clock, client, { rate: 50, sampleMs: 1000 })
    await clock.advance(1000)
    expect(run.samples[0]).toMatchObject({ ops_per_s: 0, errors: 50, error_kinds: { other: 50 } })
    run.controller.abort()
    await run.done
  })

  it('stops launching on abort and waits for the ops in flight before it resolves', async () => {
    const clock = new VirtualClock()
    const client = fakeClient(clock, { latencyMs: 500 })
    const run = start(clock, client, { rate: 0, concurrency: 4, sampleMs: 1000 })
    await clock.advance(100)
    expect(client.stats.inFlight).toBe(4)
    run.controller.abort()
    await clock.advance(100)
    expect(run.isFinished()).toBe(false)
    await clock.advance(400)
    const totals = await run.done
    expect(client.stats.started).toBe(4)
    expect(client.stats.settled).toBe(4)
    expect(totals).toEqual({ ops: 4, errors: 0 })
  })

  it('resumes the schedule after a stall instead of bursting to catch up', async () => {
    const clock = new VirtualClock()
    // Ops 10..13 stall for two seconds; with concurrency 4 nothing else can run meanwhile.
    const client = fakeClient(clock, { latencyMs: (seq) => (seq >= 10 && seq < 14 ? 2000 : 1) })
    const run = start(clock, client, { rate: 100, concurrency: 4, sampleMs: 1000 })
    await clock.advance(4000)
    const rates = run.samples.map((s) => s.ops_per_s)
    expect(rates).toHaveLength(4)
    // The stalled second runs fewer ops; the next ones return to the target, not above it.
    expect(rates[1]).toBeLessThan(10)
    expect(rates[2]).toBeLessThanOrEqual(110)
    expect(rates[3]).toBeCloseTo(100, -1)
    run.controller.abort()
    await clock.advance(10)
    await run.done
  })

  it('refuses a concurrency below one', async () => {
    const clock = new VirtualClock()
    await expect(
      runWorkloadLoop({
        client: fakeClient(clock),
        clock,
        signal: new AbortController().signal,
        onSample: () => undefined,
        concurrency: 0,
      }),
    ).rejects.toThrow(/concurrency/)
  })
})
