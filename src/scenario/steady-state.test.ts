import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../core/clock.js'
import type { SteadySample } from './recorded-run.js'
import { awaitSteadyState, brokenMs, type Probe, steadyBack } from './steady-state.js'

const OPTIONS = { holdMs: 2000, timeoutMs: 10_000, intervalMs: 500 }
const never = new AbortController().signal
const broken = (key: string): Probe => ({ violations: [{ key, message: `${key} is broken` }] })
const healthy: Probe = { violations: [] }

/** A probe answering from a script of observations by call, the last one repeated. */
function scripted(answers: (Probe | Error)[]) {
  let i = 0
  return async () => {
    const a = answers[Math.min(i++, answers.length - 1)] as Probe | Error
    if (a instanceof Error) throw a
    return a
  }
}

describe('steady state before the method', () => {
  it('goes ahead once the steady state has held for the hold time', async () => {
    const clock = new SimulatedClock(0)
    const r = await awaitSteadyState(
      scripted([broken('members_healthy:m2'), broken('members_healthy:m2'), healthy]),
      OPTIONS,
      clock,
      never,
    )
    expect(r).toEqual({ ok: true, waited_ms: 3000 })
  })

  it('refuses to inject into a system that never becomes steady, naming what is broken', async () => {
    const clock = new SimulatedClock(0)
    const r = await awaitSteadyState(scripted([broken('no_alarm:NOSPACE')]), OPTIONS, clock, never)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.waited_ms).toBeGreaterThanOrEqual(10_000)
    expect(r.violations).toEqual([{ key: 'no_alarm:NOSPACE', message: 'no_alarm:NOSPACE is broken' }])
    expect(r.reason).toMatch(/did not hold within 10000 ms: no_alarm:NOSPACE is broken/)
  })

  it('refuses a flapping system that is never steady for the whole hold time', async () => {
    const clock = new SimulatedClock(0)
    const flapping = Array.from({ length: 40 }, (_, i) => (i % 4 === 3 ? broken('leader_exists') : healthy))
    const r = await awaitSteadyState(scripted(flapping), OPTIONS, clock, never)
    expect(r).toMatchObject({ ok: false, violations: [{ key: 'leader_exists' }] })
  })

  it('counts a failing observation as broken', async () => {
    const clock = new SimulatedClock(0)
    const r = await awaitSteadyState(scripted([new Error('every member is unreachable')]), OPTIONS, clock, never)
    expect(r).toMatchObject({
      ok: false,
      violations: [{ key: 'observe_failed', message: 'every member is unreachable' }],
    })
  })

  it('stops waiting when aborted', async () => {
    const controller = new AbortController()
    controller.abort(new Error('received SIGINT'))
    await expect(
      awaitSteadyState(scripted([healthy]), OPTIONS, new SimulatedClock(0), controller.signal),
    ).rejects.toThrow('received SIGINT')
  })
})

describe('steady state back', () => {
  const samples: SteadySample[] = [
    { at: 0, ok: true, violations: [] },
    { at: 1000, ok: false, violations: ['members_healthy:m2'] },
    { at: 5000, ok: true, violations: [] },
    { at: 6000, ok: false, violations: ['leader_preferred'] },
    { at: 9000, ok: true, violations: [] },
  ]

  it('is the start of the first unbroken stretch at least as long as the hold', () => {
    expect(steadyBack(samples, 1000, 2000, 20_000)).toEqual({ status: 'back', at: 9000 })
    expect(steadyBack(samples, 1000, 1000, 20_000)).toEqual({ status: 'back', at: 5000 })
  })

  it('is holding while the last stretch is not yet long enough, and broken while broken', () => {
    expect(steadyBack(samples, 1000, 2000, 10_000)).toEqual({ status: 'holding', since: 9000 })
    expect(steadyBack(samples, 1000, 2000, 8000)).toEqual({ status: 'broken' })
  })

  it('ignores what held before the fault took effect', () => {
    expect(steadyBack(samples, 500, 2000, 20_000)).toEqual({ status: 'back', at: 9000 })
  })

  it('adds up how long it was broken', () => {
    expect(brokenMs(samples, 0, 20_000)).toBe(7000)
    expect(brokenMs(samples, 2000, 7000)).toBe(4000)
  })
})
