/**
 * Summaries for the scale figures, in the shape the rest of `npm run bench`
 * prints: median and p95 over several runs (with the values), and plain
 * percentiles for large samples whose values would swamp the report.
 */

function at(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN
}

export const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits

/** Median and p95 over runs, with the values themselves. */
export function spread(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  return {
    runs: values.length,
    median: at(sorted, 0.5),
    p95: at(sorted, 0.95),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    values: [...values],
  }
}

/** p50, p95 and the largest of a large sample, without the values. */
export function percentiles(values: readonly number[], digits = 1) {
  const sorted = Float64Array.from(values).sort()
  const list = Array.from(sorted)
  return {
    samples: values.length,
    p50: round(at(list, 0.5), digits),
    p95: round(at(list, 0.95), digits),
    max: round(list.at(-1) ?? Number.NaN, digits),
  }
}
