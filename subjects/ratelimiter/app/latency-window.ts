/**
 * Limiter call latencies over a rolling window (the last `size` calls, none
 * older than `maxAgeMs`), and their p99. Pure: the caller passes the time.
 */

export class LatencyWindow {
  private readonly samples: { ms: number; at: number }[] = []

  constructor(
    private readonly size = 1000,
    private readonly maxAgeMs = 30_000,
  ) {}

  add(ms: number, at: number): void {
    this.samples.push({ ms, at })
    if (this.samples.length > this.size) this.samples.splice(0, this.samples.length - this.size)
  }

  /** The 99th percentile (nearest rank) of the samples still in the window; null when there are none. */
  p99(now: number): number | null {
    const fresh = this.samples.filter((s) => now - s.at <= this.maxAgeMs).map((s) => s.ms)
    if (fresh.length === 0) return null
    fresh.sort((a, b) => a - b)
    const rank = Math.ceil(0.99 * fresh.length) - 1
    return fresh[Math.min(Math.max(rank, 0), fresh.length - 1)] ?? null
  }
}
