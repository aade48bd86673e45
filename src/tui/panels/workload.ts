/**
 * The Workload panel's numbers: the current values for its label, chart
 * series of the last samples with a readable y-axis top, and one-line
 * sparklines for terminals too small for charts.
 */
import { formatWorkloadStat, type WorkloadStat } from '../../core/workload-stat.js'
import type { WorkloadSample } from '../view-model.js'
import { esc, fitSegments, label, paint, type Segment, seg } from './text.js'

/** How many samples the charts show. */
export const CHART_SAMPLES = 60

export function workloadLabel(last: WorkloadSample | undefined, focused: boolean, width: number): string {
  const name = seg(`${focused ? '▸ ' : ''}Workload`)
  if (!last) return label([name], width)
  const values = fitSegments(
    [
      seg(`${formatCount(last.ops_per_s)} ops/s`),
      seg(`p99 ${formatMs(last.p99_ms)}`),
      seg(`${formatCount(last.errors)} err`, last.errors > 0 ? 'red-fg' : 'green-fg'),
      ...last.stats.map(statSegment),
    ],
    Math.max(0, width - 6 - name.width - 2),
    ' · ',
  )
  return values.width > 0 ? label([name, values], width, '  ') : label([name], width)
}

/** A subject's stat as a label segment: red when out of bounds. */
export function statSegment(stat: WorkloadStat): Segment {
  return seg(formatWorkloadStat(stat), stat.bad ? 'red-fg' : null)
}

export function formatCount(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 1 : 0)
}

export function formatMs(ms: number): string {
  return `${ms < 10 ? ms.toFixed(1) : ms.toFixed(0)} ms`
}

/** A y-axis top at least 20% above `max`, rounded up to 1, 2 or 5 × 10ⁿ (never 0: the chart divides by it). */
export function niceMax(max: number): number {
  const target = Number.isFinite(max) && max > 0 ? max * 1.2 : 1
  const magnitude = 10 ** Math.floor(Math.log10(target))
  const step = [1, 2, 5, 10].find((m) => m * magnitude >= target) ?? 10
  return step * magnitude
}

/** x labels: seconds relative to the newest sample (`-42s` … `0s`). */
export function timeLabels(samples: WorkloadSample[]): string[] {
  const newest = samples[samples.length - 1]?.at ?? 0
  return samples.map((s) => `${Math.round((s.at - newest) / 1000)}s`)
}

const BARS = '▁▂▃▄▅▆▇█'

/** The last `width` values as a one-line sparkline scaled to their maximum. */
export function sparkline(values: number[], width: number): string {
  const shown = values.slice(Math.max(0, values.length - Math.max(0, width)))
  const top = niceMax(Math.max(0, ...shown))
  return shown
    .map((v) => {
      const i = Math.round((Math.min(top, Math.max(0, v)) / top) * (BARS.length - 1))
      return BARS[i] ?? '▁'
    })
    .join('')
}

/** Text content when charts do not fit: one sparkline row per metric, then one per subject stat; `empty` without samples. */
export function sparklineContent(
  samples: WorkloadSample[],
  width: number,
  height: number,
  empty = 'waiting for workload samples…',
): string {
  if (samples.length === 0) return paint(esc(empty), 'grey-fg')
  const last = samples[samples.length - 1]
  const rows: [string, number[], string, string][] = [
    ['ops/s', samples.map((s) => s.ops_per_s), 'yellow-fg', formatCount(last?.ops_per_s ?? 0)],
    ['p99  ', samples.map((s) => s.p99_ms), 'cyan-fg', formatMs(last?.p99_ms ?? 0)],
    ['err  ', samples.map((s) => s.errors), 'red-fg', formatCount(last?.errors ?? 0)],
  ]
  for (const stat of last?.stats ?? []) {
    const values = samples.map((s) => s.stats.find((x) => x.name === stat.name)?.value ?? 0)
    const name = stat.name.slice(0, 5).padEnd(5)
    rows.push([name, values, stat.bad ? 'red-fg' : 'magenta-fg', formatWorkloadStat(stat).slice(stat.name.length + 1)])
  }
  return rows
    .slice(0, Math.max(1, height))
    .map(
      ([name, values, color, now]) =>
        `${name} ${paint(sparkline(values, Math.max(0, width - 8 - now.length)), color)} ${now}`,
    )
    .join('\n')
}
