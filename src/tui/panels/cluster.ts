/**
 * The Cluster panel: the subject's headline and member table, toned per row,
 * then every invariant with a pass/fail mark. Pure: view model in, tagged
 * text out, sized to the panel.
 */
import type { ClusterTable } from '../../core/subject.js'
import type { ClusterHealth, InvariantView } from '../view-model.js'
import { clean, esc, label, paint, seg, tagged, textWidth, truncate } from './text.js'

export const HEALTH_COLOR: Record<ClusterHealth, string> = {
  healthy: 'green',
  degraded: 'red',
  repairing: 'yellow',
  unknown: 'grey',
}

const ROW_STYLE: Record<ClusterTable['rows'][number]['tone'], string> = {
  ok: 'green-fg',
  warn: 'yellow-fg',
  bad: 'red-fg',
}

export interface ClusterInput {
  cluster: ClusterTable | null
  invariants: InvariantView[]
  health: ClusterHealth
}

/** Label of the panel, with the health word in its colour. */
export function clusterLabel(subjectName: string, health: ClusterHealth, focused: boolean, width: number): string {
  return label(
    [seg(`${focused ? '▸ ' : ''}Cluster ${subjectName}`), seg(health, [`${HEALTH_COLOR[health]}-fg`, 'bold'])],
    width,
  )
}

const EMPTY_CELL = new Set(['', '-'])

/**
 * Column widths that fit `width`: as wide as the widest cell with gaps of two,
 * then gaps of one, then without columns that hold nothing (all `-`), then
 * the widest columns narrowed (cells cut with `…`). Null marks a dropped column.
 */
function columnWidths(header: string[], rows: string[][], width: number): { widths: (number | null)[]; gap: number } {
  const widths: (number | null)[] = header.map((h, i) =>
    Math.max(textWidth(h), ...rows.map((r) => textWidth(r[i] ?? ''))),
  )
  const total = (gap: number) => {
    const shown = widths.filter((w): w is number => w !== null)
    return shown.reduce((a, b) => a + b, 0) + gap * Math.max(0, shown.length - 1)
  }
  if (total(2) <= width) return { widths, gap: 2 }
  for (let i = widths.length - 1; i > 0 && total(1) > width; i--) {
    if (rows.length > 0 && rows.every((r) => EMPTY_CELL.has(r[i] ?? ''))) widths[i] = null
  }
  while (total(1) > width) {
    const widest = Math.max(...widths.map((w) => w ?? 0))
    if (widest <= 3) break
    const i = widths.indexOf(widest)
    widths[i] = widest - 1
  }
  return { widths, gap: 1 }
}

/** Table rows as aligned text, fitted to `width`, each row in its tone's colour. */
function tableLines(table: ClusterTable, width: number): string[] {
  const cells = (row: string[]) => table.columns.map((_, i) => clean(row[i] ?? ''))
  const header = cells(table.columns)
  const rows = table.rows.map((r) => ({ cells: cells(r.cells), tone: r.tone }))
  const { widths, gap } = columnWidths(
    header,
    rows.map((r) => r.cells),
    width,
  )
  const line = (row: string[]) => {
    const shown = row.flatMap((c, i) => {
      const w = widths[i]
      return w === null || w === undefined ? [] : [{ text: truncate(c, w), width: w }]
    })
    const text = shown
      .map((c, i) => (i === shown.length - 1 ? c.text : c.text + ' '.repeat(c.width - textWidth(c.text) + gap)))
      .join('')
    return truncate(text.trimEnd(), width)
  }
  return [paint(esc(line(header)), 'bold'), ...rows.map((r) => paint(esc(line(r.cells)), ROW_STYLE[r.tone]))]
}

/**
 * Invariants in a grid of equal columns. When they do not all fit in `rows`
 * lines, failing ones come first and the passing rest is summed up.
 */
function invariantLines(invariants: InvariantView[], width: number, rows: number): string[] {
  if (invariants.length === 0 || rows <= 0) return []
  const cellWidth = Math.min(width, Math.max(...invariants.map((v) => textWidth(clean(v.id)))) + 4)
  const perRow = Math.max(1, Math.floor((width + 2) / cellWidth))
  const fits = Math.ceil(invariants.length / perRow) <= rows
  const shown = fits ? invariants : [...invariants.filter((v) => !v.ok), ...invariants.filter((v) => v.ok)]
  const capacity = perRow * rows
  const cells = shown.slice(0, fits ? shown.length : capacity - 1).map((v) => {
    const text = truncate(clean(v.id), cellWidth - 4)
    const mark = v.ok ? paint('✔', 'green-fg') : paint('✘', 'red-fg')
    const name = v.ok ? esc(text) : paint(esc(text), 'red-fg')
    return { tagged: `${mark} ${name}`, width: textWidth(text) + 2 }
  })
  const hidden = shown.length - cells.length
  if (hidden > 0) {
    const failing = shown.slice(cells.length).filter((v) => !v.ok).length
    const text = failing > 0 ? `+${hidden} (${failing} ✘)` : `+${hidden} ✔`
    cells.push({ tagged: paint(esc(text), failing > 0 ? 'red-fg' : 'green-fg'), width: textWidth(text) })
  }
  const lines: string[] = []
  for (let i = 0; i < cells.length; i += perRow) {
    const row = cells.slice(i, i + perRow)
    lines.push(
      row
        .map((c, j) => (j === row.length - 1 ? c.tagged : c.tagged + ' '.repeat(Math.max(1, cellWidth - c.width))))
        .join(''),
    )
  }
  return lines
}

/** Content of the Cluster panel for an inner area of `width` × `height` cells. */
export function clusterContent(input: ClusterInput, width: number, height: number): string {
  if (width <= 0 || height <= 0) return ''
  const lines: string[] = []
  if (input.cluster) {
    lines.push(tagged(truncate(clean(input.cluster.headline), width), 'bold'))
    lines.push(...tableLines(input.cluster, width))
  } else {
    lines.push(tagged('waiting for the first observation…', 'grey-fg'))
  }
  const spare = height - lines.length - 1
  if (spare >= 1) {
    const invariants = invariantLines(input.invariants, width, spare)
    return [...lines, ...(invariants.length > 0 ? ['', ...invariants] : [])].join('\n')
  }
  // A short panel: the invariants stay visible on one line, table rows give way from the bottom.
  const invariants = invariantLines(input.invariants, width, 1)
  return [...lines.slice(0, Math.max(0, height - invariants.length)), ...invariants].join('\n')
}
