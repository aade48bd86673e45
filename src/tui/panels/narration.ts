/**
 * The narration band above the panels during a scenario: its title and step
 * on the border, the step's text in bold (up to two rows) and a detail line
 * coloured by tone; one row of both on small terminals. Pure: narration in,
 * tagged text and heights out. Narration comes from scenario files, so every
 * string is cleaned and escaped.
 */
import type { Narration } from '../../core/narration.js'
import type { Tone } from '../view-model.js'
import { clean, esc, label, paint, seg, TONE_STYLE, textWidth, truncate, wrap } from './text.js'

/** Border colour of the band per tone. */
export const NARRATION_BORDER: Record<Tone, string> = { info: 'cyan', good: 'green', warn: 'yellow', bad: 'red' }

/** Terminals with fewer rows get the one-row band. */
export const NARRATION_SMALL_ROWS = 24

const TEXT_STYLE = ['white-fg', 'bold'] as const
const TEXT_ROWS = 2

/** The step's text in rows of `width` cells: at most two, the second cut with `…` when the text goes on. */
function textRows(text: string, width: number): string[] {
  const rows = wrap(clean(text), width)
  if (rows.length <= TEXT_ROWS) return rows
  return [...rows.slice(0, TEXT_ROWS - 1), truncate(rows.slice(TEXT_ROWS - 1).join(' '), width)]
}

/** Outer height of the band (borders included) on a `cols` × `rows` terminal: 0 without narration. */
export function narrationHeight(narration: Narration | null, cols: number, rows: number): number {
  if (!narration) return 0
  if (rows < NARRATION_SMALL_ROWS) return 3
  return 2 + Math.max(1, textRows(narration.text, Math.max(1, cols - 2)).length) + 1
}

/** The border label: ` Scenario · <title> · step 2 of 3 `, the title cut so the step still fits. */
export function narrationLabel(narration: Narration, width: number): string {
  const head = seg('Scenario', ['cyan-fg', 'bold'])
  const step = narration.step === null ? null : seg(`step ${narration.step} of ${narration.of}`)
  const room = Math.max(0, width - 6) - head.width - 3 - (step ? step.width + 3 : 0)
  const title = clean(narration.title)
  const parts = room >= 4 && title.length > 0 ? [head, seg(truncate(title, room), ['white-fg', 'bold'])] : [head]
  return label(step ? [...parts, step] : parts, width)
}

/**
 * Content rows of the band, `width` cells wide and `height` rows high (inside
 * the border): the text in bold white, then the detail in its tone; with one
 * row, `text — detail` on it.
 */
export function narrationLines(narration: Narration, width: number, height: number): string[] {
  if (width <= 0 || height <= 0) return []
  const detailStyle = TONE_STYLE[narration.tone]
  const detail = clean(narration.detail)
  if (height === 1) {
    const text = truncate(clean(narration.text), width)
    const room = width - textWidth(text) - 3
    const tail =
      detail.length > 0 && room >= 4
        ? `${paint(' — ', 'grey-fg')}${paint(esc(truncate(detail, room)), detailStyle)}`
        : ''
    return [`${paint(esc(text), TEXT_STYLE)}${tail}`]
  }
  const text = textRows(narration.text, width).slice(0, height - 1)
  return [...text.map((row) => paint(esc(row), TEXT_STYLE)), paint(esc(truncate(detail, width)), detailStyle)]
}
