/**
 * The part of blessed-contrib (which ships no types) that the screen uses:
 * the line chart.
 */
declare module 'blessed-contrib' {
  import type { Widgets } from 'blessed'

  namespace contrib {
    /** A canvas colour: a basic colour name, an xterm-256 index or RGB. */
    type ChartColor = string | number | [number, number, number]

    interface LineSeries {
      title: string
      /** One label per point. */
      x: string[]
      y: number[]
      style?: { line?: ChartColor }
    }

    interface LineOptions extends Widgets.BoxOptions {
      style?: { line?: ChartColor; text?: ChartColor; baseline?: ChartColor }
      /** Cells reserved left of the y axis for labels. */
      xLabelPadding?: number
      xPadding?: number
      numYLabels?: number
      showLegend?: boolean
      wholeNumbersOnly?: boolean
      minY?: number
      /** Fixed top of the y axis; without it the chart scales to the data (and divides by zero on all-zero data). */
      maxY?: number
      showNthLabel?: number
      abbreviate?: boolean
    }

    interface LineChart extends Widgets.BoxElement {
      /** The options the chart reads on every `setData` (maxY may be changed between calls). */
      options: LineOptions
      /** Redraws the chart; the chart must already be attached to a screen, and every series needs at least one point. */
      setData(data: LineSeries[]): void
      /** Sets `canvasSize` (in braille dots) from the widget's size when it is attached. */
      calcSize(): void
      canvasSize: { width: number; height: number }
    }
  }

  const contrib: {
    line(options: contrib.LineOptions): contrib.LineChart
  }
  export = contrib
}
