/**
 * Limiter calls over a rolling window (the last `size` calls, none older than
 * `maxAgeMs`): their latency p99, and the share the insurance limiter answered
 * recently. Pure: the caller passes the time.
 */

export class LatencyWindow {
  private readonly samples: { ms: number; at: number; insurance: boolean }[] = []

  constructor(
    private readonly size = 1000,
    private readonly maxAgeMs = 30_000,
  ) {}

  add(ms: number, at: number, insurance = false): void {
    this.samples.push({ ms, at, insurance })
    if (this.samples.length > this.size) this.samples.splice(0, this.samples.length - this.size)
  }

  /** The share of the calls of the last `ageMs` that the insurance limiter answered; null when there were none. */
  insuranceShare(now: number, ageMs = 10_000): number | null {
    const fresh = this.samples.filter((s) => now - s.at <= Math.min(ageMs, this.maxAgeMs))
    return fresh.length === 0 ? null : fresh.filter((s) => s.insurance).length / fresh.length
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
