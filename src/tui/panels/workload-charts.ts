/**
 * The Workload panel's charts: two blessed-contrib line charts side by side
 * (ops/s with errors, and p99 latency) under a title row, rebuilt when the
 * panel changes size and redrawn only when a new sample arrived.
 */
import type { Widgets } from 'blessed'
import contrib from 'blessed-contrib'
import type { WorkloadStat } from '../../core/workload-stat.js'
import type { WorkloadSample } from '../view-model.js'
import { fitSegments, paint } from './text.js'
import { niceMax, statSegment, timeLabels } from './workload.js'

/** Smallest inner area (cells) in which the charts are readable. */
const MIN_WIDTH = 40
const MIN_HEIGHT = 8

export interface WorkloadCharts {
  /**
   * Shows `samples` in an inner area of `width` × `height` cells; `version`
   * changes whenever the samples do. False (and nothing drawn) when there is
   * no sample or no room: the caller shows text instead.
   */
  update(samples: WorkloadSample[], version: unknown, width: number, height: number): boolean
  /** Removes the charts (on resize, on no data, on destroy). */
  drop(): void
}

interface Built {
  ops: contrib.LineChart
  p99: contrib.LineChart
  width: number
  height: number
  drawn: unknown
}

export function createWorkloadCharts(screen: Widgets.Screen, panel: Widgets.BoxElement): WorkloadCharts {
  let built: Built | null = null

  const drop = () => {
    if (!built) return
    built.ops.destroy()
    built.p99.destroy()
    built = null
  }

  // Created for this screen (blessed refuses elements appended later when a process has several screens),
  // then appended: a chart sizes its canvas when it is attached.
  const chart = (left: number, width: number, height: number, line: string): contrib.LineChart => {
    const c = contrib.line({
      screen,
      top: 1,
      left,
      width,
      height,
      style: { line, text: 'white', baseline: 244 },
      xLabelPadding: 2,
      xPadding: 2,
      numYLabels: Math.max(2, Math.min(5, Math.floor((height - 3) / 2))),
      showLegend: false,
      minY: 0,
    })
    // The stock canvas leaves two empty rows and six empty columns in the widget: draw on all of it.
    c.calcSize = () => {
      c.canvasSize = { width: Math.max(8, Number(c.width) * 2 - 4), height: Math.max(8, Number(c.height) * 4) }
    }
    panel.append(c)
    return c
  }

  const build = (width: number, height: number): Built => {
    if (built && built.width === width && built.height === height) return built
    drop()
    const half = Math.floor(width / 2)
    built = {
      ops: chart(0, half, height - 1, 'yellow'),
      p99: chart(half, width - half, height - 1, 'cyan'),
      width,
      height,
      drawn: undefined,
    }
    return built
  }

  const draw = (c: Built, samples: WorkloadSample[]) => {
    const x = timeLabels(samples)
    const ops = samples.map((s) => s.ops_per_s)
    const errors = samples.map((s) => s.errors)
    const p99 = samples.map((s) => s.p99_ms)
    // A fixed, rounded top: readable labels, and never 0 (the chart divides by it).
    c.ops.options.maxY = niceMax(Math.max(...ops, ...errors))
    c.ops.options.wholeNumbersOnly = c.ops.options.maxY >= 10
    c.ops.setData([
      { title: 'ops/s', x, y: ops, style: { line: 'yellow' } },
      { title: 'errors', x, y: errors, style: { line: 'red' } },
    ])
    c.p99.options.maxY = niceMax(Math.max(...p99))
    c.p99.setData([{ title: 'p99 ms', x, y: p99, style: { line: 'cyan' } }])
  }

  return {
    update(samples, version, width, height) {
      if (samples.length === 0 || width < MIN_WIDTH || height < MIN_HEIGHT) {
        drop()
        return false
      }
      const c = build(width, height)
      if (c.drawn !== version) {
        draw(c, samples)
        c.drawn = version
      }
      return true
    },
    drop,
  }
}

/** The row above the charts naming what each one shows, then the subject's stats where they fit. */
export function chartTitles(width: number, stats: readonly WorkloadStat[] = []): string {
  const half = Math.floor(width / 2)
  const titles = `${paint('ops/s', 'yellow-fg')} ${paint('errors', 'red-fg')}${' '.repeat(Math.max(1, half - 12))}${paint('p99 latency (ms)', 'cyan-fg')}`
  const room = width - half - 16 - 3
  const shown = fitSegments(stats.map(statSegment), room, ' · ')
  return shown.width > 0 ? `${titles}${' '.repeat(Math.max(3, room - shown.width + 3))}${shown.tagged}` : titles
}
