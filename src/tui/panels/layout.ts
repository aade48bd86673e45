/**
 * Where the panels go on a terminal of a given size, and the double border
 * that marks the focused one.
 */
import type { Widgets } from 'blessed'
import type { PanelName } from '../view-model.js'

export interface Rect {
  top: number
  left: number
  width: number
  height: number
}

/** Where everything goes; `narration` is the band above the panels (height 0 when there is none). */
export type Layout = Record<PanelName | 'status' | 'narration', Rect>

/** Rows the panels and the status line keep at least: a band that would leave fewer is shrunk or dropped. */
export const MIN_PANEL_ROWS = 12

/** The band's one-row form (borders included), what a band is shrunk to before it is dropped. */
const SMALL_BAND = 3

/** The band height a `rows`-high terminal can give: as asked, else the one-row band, else none. */
function bandFor(rows: number, asked: number): number {
  if (asked <= 0) return 0
  if (rows - asked >= MIN_PANEL_ROWS) return asked
  return asked > SMALL_BAND && rows - SMALL_BAND >= MIN_PANEL_ROWS ? SMALL_BAND : 0
}

/**
 * Panel geometry for a `cols` × `rows` terminal: the narration band (when
 * `bandHeight` > 0 and the panels can spare it) on top, Cluster and Workload
 * below it, three logs below those, status at the bottom.
 */
export function layout(cols: number, rows: number, bandHeight = 0): Layout {
  const band = bandFor(rows, bandHeight)
  const below = rows - band
  const statusHeight = below >= 16 ? 2 : 1
  const avail = Math.max(6, below - statusHeight)
  // Tall enough for a three-member table and a row of invariants; the logs below get the rest.
  const top = Math.max(3, Math.min(Math.max(9, Math.round(avail * 0.33)), 16, avail - 8))
  const bottom = Math.max(3, avail - top)
  const clusterWidth = Math.round(cols * (cols < 100 ? 0.6 : 0.55))
  const monitorWidth = Math.round(cols * 0.3)
  const agentWidth = Math.round(cols * 0.4)
  const logsTop = band + top
  return {
    narration: { top: 0, left: 0, width: cols, height: band },
    cluster: { top: band, left: 0, width: clusterWidth, height: top },
    workload: { top: band, left: clusterWidth, width: cols - clusterWidth, height: top },
    monitor: { top: logsTop, left: 0, width: monitorWidth, height: bottom },
    agent: { top: logsTop, left: monitorWidth, width: agentWidth, height: bottom },
    proposals: {
      top: logsTop,
      left: monitorWidth + agentWidth,
      width: cols - monitorWidth - agentWidth,
      height: bottom,
    },
    status: { top: Math.max(0, rows - statusHeight), left: 0, width: cols, height: statusHeight },
  }
}

/** The cells blessed drew an element into, as its `render` event reports them (xl and yl exclusive). */
export interface Coords {
  xi: number
  xl: number
  yi: number
  yl: number
}

const DOUBLE: Record<string, string> = { '┌': '╔', '┐': '╗', '└': '╚', '┘': '╝', '─': '═', '│': '║' }

/**
 * Redraws an element's single-line border as a double line, in the screen's
 * cell buffer after the element rendered (blessed has no double border
 * type). The label's cells are left alone.
 */
export function doubleBorder(screen: Widgets.Screen, el: Widgets.BoxElement, coords: Coords): void {
  const lines = (screen as unknown as { lines: ([number, string][] & { dirty?: boolean })[] }).lines
  const label = (el as unknown as { _label?: { lpos?: { xi: number; xl: number } } })._label?.lpos ?? null
  const swap = (y: number, x: number) => {
    if (label && y === coords.yi && x >= label.xi && x < label.xl) return
    const row = lines[y]
    const cell = row?.[x]
    const double = cell ? DOUBLE[cell[1]] : undefined
    if (row && cell && double) {
      cell[1] = double
      row.dirty = true
    }
  }
  for (let x = coords.xi; x < coords.xl; x++) {
    swap(coords.yi, x)
    swap(coords.yl - 1, x)
  }
  for (let y = coords.yi + 1; y < coords.yl - 1; y++) {
    swap(y, coords.xi)
    swap(y, coords.xl - 1)
  }
}
