import { describe, expect, it } from 'vitest'
import { latencyStats, percentile } from './latency-stats.js'

const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

describe('percentile', () => {
  it('picks the nearest-rank value of sorted latencies', () => {
    expect(percentile(oneTo(100), 50)).toBe(50)
    expect(percentile(oneTo(100), 99)).toBe(99)
    expect(percentile(oneTo(100), 100)).toBe(100)
    expect(percentile(oneTo(1000), 99)).toBe(990)
  })

  it('returns the slowest op as p99 when there are fewer than a hundred ops', () => {
    expect(percentile(oneTo(10), 99)).toBe(10)
    expect(percentile(oneTo(10), 50)).toBe(5)
  })

  it('returns the only value for one op and 0 for none', () => {
    expect(percentile([7.5], 50)).toBe(7.5)
    expect(percentile([7.5], 99)).toBe(7.5)
    expect(percentile([], 99)).toBe(0)
  })
})

describe('latencyStats', () => {
  it('summarizes unsorted latencies without changing them', () => {
    const latencies = [9, 1, 5, 3, 7]
    expect(latencyStats(latencies)).toEqual({ p50_ms: 5, p99_ms: 9, max_ms: 9 })
    expect(latencies).toEqual([9, 1, 5, 3, 7])
  })

  it('rounds to hundredths of a millisecond', () => {
    expect(latencyStats([1.23456, 2.34567])).toEqual({ p50_ms: 1.23, p99_ms: 2.35, max_ms: 2.35 })
  })

  it('reports zeros for an interval without ops', () => {
    expect(latencyStats([])).toEqual({ p50_ms: 0, p99_ms: 0, max_ms: 0 })
  })
})
