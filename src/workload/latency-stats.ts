/** Latency percentiles of one sample interval: pure, nearest-rank. */

/** Summary of the latencies (ms) of one interval's ops. */
export interface LatencyStats {
  p50_ms: number
  p99_ms: number
  max_ms: number
}

/**
 * The p-th percentile (0 < p ≤ 100) of ascending-sorted values by the
 * nearest-rank method: the smallest value that at least p % of the values are
 * less than or equal to. Always one of the values, never interpolated; 0 for
 * no values.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1] ?? 0
}

/** p50, p99 and max of the latencies, rounded to 0.01 ms; all 0 when there are none. */
export function latencyStats(latencies: readonly number[]): LatencyStats {
  const sorted = [...latencies].sort((a, b) => a - b)
  return {
    p50_ms: round2(percentile(sorted, 50)),
    p99_ms: round2(percentile(sorted, 99)),
    max_ms: round2(sorted[sorted.length - 1] ?? 0),
  }
}

function round2(ms: number): number {
  return Math.round(ms * 100) / 100
}
