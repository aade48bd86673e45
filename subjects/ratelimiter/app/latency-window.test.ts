import { describe, expect, it } from 'vitest'
import { LatencyWindow } from './latency-window.js'

describe('limiter latency window', () => {
  it('has no p99 before any call', () => {
    expect(new LatencyWindow().p99(0)).toBeNull()
  })

  it('gives the 99th percentile by nearest rank over the kept samples', () => {
    const w = new LatencyWindow(1000, 30_000)
    for (let i = 1; i <= 100; i++) w.add(i, 0)
    expect(w.p99(0)).toBe(99)
    w.add(1000, 0)
    expect(w.p99(0)).toBe(100)
  })

  it('forgets samples beyond its size and its age', () => {
    const w = new LatencyWindow(3, 1000)
    w.add(500, 0)
    for (const ms of [1, 2, 3]) w.add(ms, 900)
    expect(w.p99(900)).toBe(3)
    w.add(400, 100)
    expect(w.p99(950)).toBe(400)
    expect(w.p99(1500)).toBe(3)
    expect(w.p99(5000)).toBeNull()
  })
})

describe('the insurance share', () => {
  it('counts only the calls of the last 10 s, and says nothing without any', () => {
    const w = new LatencyWindow()
    expect(w.insuranceShare(0)).toBeNull()
    for (let i = 0; i < 10; i++) w.add(1, 0, true)
    for (let i = 0; i < 3; i++) w.add(1, 9000, i === 0)
    expect(w.insuranceShare(9000)).toBeCloseTo(11 / 13)
    // The failover's insurance calls have aged out: only the recent ones count.
    expect(w.insuranceShare(15_000)).toBeCloseTo(1 / 3)
  })
})
