/**
 * Overlays drawn over the panels: the key table (with the caller's own keys),
 * the fault menu, the kill switch's confirm step, a message (such as the kill
 * switch's counts or a scenario's report, scrolled when taller than the
 * screen) and the filter prompt. Each is a title, tagged lines and the size it wants.
 */
import type { Overlay, Tone } from '../view-model.js'
import { clean, esc, label, pad, paint, seg, textWidth, truncate, wrap } from './text.js'

/** Every key of the TUI, for the help overlay and the README. */
export const KEY_TABLE: readonly (readonly [key: string, what: string])[] = [
  ['a', 'approve the selected proposal'],
  ['r', 'reject the selected proposal'],
  ['m', 'toggle safety mode: observe / execute'],
  ['A', 'toggle approval mode: manual / auto'],
  ['f', 'fault menu: kill, pause, resume, fill quota…'],
  ['K', 'kill switch (asks to confirm)'],
  ['R', 'restart a dead child'],
  ['[ ]', 'show the previous / next run in the panels (demo --clusters N)'],
  ['tab', 'focus the next panel (shift-tab: previous)'],
  ['↑ ↓ j k', 'scroll the focused log / select a proposal'],
  ['/', 'filter the focused log (empty clears)'],
  ['enter', 'show the whole of a folded line: the newest one in view (Agent panel)'],
  ['?', 'this help'],
  ['q', 'quit: stops every child and cluster member'],
]

export const CONFIRM_KILL_TEXT =
  'Pull the kill switch? observe mode, cancel every pending proposal, abort in-flight work — y / n'

export const CONFIRM_UNLATCH_TEXT =
  'The kill switch is latched. Leave it for execute mode? Agents may act on the cluster again — y / n'

export interface OverlayView {
  /** Tagged label for the border. */
  title: string
  /** Tagged content lines. */
  lines: string[]
  /** Outer size, borders included. */
  width: number
  height: number
  /** Border colour. */
  color: string
  /** A message's scroll offset as shown: the one asked for, clamped to the lines there are. */
  scroll?: number
}

/** Border colour of a message per tone; a message without one is white. */
export const MESSAGE_COLOR: Record<Tone, string> = { info: 'white', good: 'green', warn: 'yellow', bad: 'red' }

/** Content rows the tallest overlay has on a terminal `rows` high (what `sized` allows). */
function contentRows(rows: number): number {
  return Math.max(1, Math.min(rows, Math.max(3, rows - 2)) - 2)
}

/**
 * A message's rows: all of them and `esc closes` when they fit; otherwise the
 * window from `scroll` (clamped) and a line saying which rows show.
 */
function messageRows(
  rows: string[],
  scroll: number,
  capacity: number,
): { lines: string[]; scroll: number; hint: string } {
  if (rows.length + 2 <= capacity) return { lines: [...rows, ''], scroll: 0, hint: 'esc closes' }
  if (rows.length + 1 <= capacity) return { lines: rows, scroll: 0, hint: 'esc closes' }
  const window = Math.max(1, capacity - 1)
  const from = Math.max(0, Math.min(Math.floor(scroll), rows.length - window))
  const to = Math.min(rows.length, from + window)
  return {
    lines: rows.slice(from, to),
    scroll: from,
    hint: `↑↓ scroll · ${from + 1}–${to} of ${rows.length} · esc closes`,
  }
}

function sized(
  title: string,
  lines: string[],
  innerWidth: number,
  color: string,
  cols: number,
  rows: number,
): OverlayView {
  const width = Math.min(cols, Math.max(10, Math.min(cols - 2, innerWidth + 4)))
  const height = Math.min(rows, Math.max(3, Math.min(rows - 2, lines.length + 2)))
  return {
    title: label([seg(truncate(clean(title), Math.max(1, width - 6)))], width),
    lines: lines.slice(0, Math.max(1, height - 2)),
    width,
    height,
    color,
  }
}

/** The overlay to draw for `overlay` on a `cols` × `rows` terminal. */
export function overlayView(overlay: Overlay, cols: number, rows: number): OverlayView {
  const max = Math.max(6, cols - 8)
  switch (overlay.kind) {
    case 'help': {
      const extra = (overlay.extra ?? []).map(([k, what]) => [clean(k), clean(what)] as const)
      const keyWidth = Math.min(Math.floor(max / 2), Math.max(...[...KEY_TABLE, ...extra].map(([k]) => textWidth(k))))
      const row = ([k, what]: readonly [string, string]) =>
        `${paint(esc(pad(k, keyWidth)), ['white-fg', 'bold'])}  ${esc(truncate(what, max - keyWidth - 2))}`
      const lines = KEY_TABLE.map(row)
      if (extra.length > 0) lines.push('', ...extra.map(row))
      lines.push('', paint('esc or ? closes', 'grey-fg'))
      const inner = Math.max(0, ...[...KEY_TABLE, ...extra].map(([, what]) => keyWidth + 2 + textWidth(what)))
      return sized('Keys', lines, Math.min(max, inner), 'cyan', cols, rows)
    }
    case 'faults': {
      const labels = overlay.items.map((i) => clean(i.label))
      const hint = '↑↓ choose · enter inject · esc close'
      const inner = Math.min(max, Math.max(textWidth(hint), ...labels.map((l) => textWidth(l) + 2)))
      const lines = labels.map((label, i) =>
        i === overlay.selected
          ? paint(esc(pad(`▶ ${label}`, inner)), ['black-fg', 'yellow-bg'])
          : esc(truncate(`  ${label}`, inner)),
      )
      if (lines.length === 0) lines.push(paint('this subject has no faults', 'grey-fg'))
      lines.push('', paint(esc(hint), 'grey-fg'))
      return sized('Inject a fault', lines, inner, 'yellow', cols, rows)
    }
    case 'confirm_kill': {
      const inner = Math.min(max, 56)
      const lines = wrap(CONFIRM_KILL_TEXT, inner).map((l) => paint(esc(l), ['red-fg', 'bold']))
      return sized('Kill switch', lines, inner, 'red', cols, rows)
    }
    case 'confirm_unlatch': {
      const inner = Math.min(max, 56)
      const lines = wrap(CONFIRM_UNLATCH_TEXT, inner).map((l) => paint(esc(l), ['yellow-fg', 'bold']))
      return sized('Leave the kill switch', lines, inner, 'yellow', cols, rows)
    }
    case 'message': {
      const text = overlay.lines.map((l) => clean(l))
      const inner = Math.min(max, Math.max(30, textWidth(clean(overlay.title)) + 4, ...text.map(textWidth)))
      const shown = messageRows(
        text.flatMap((l) => wrap(l, inner, 2)),
        overlay.scroll ?? 0,
        contentRows(rows),
      )
      const width = Math.min(max, Math.max(inner, textWidth(shown.hint)))
      const lines = [...shown.lines.map(esc), paint(esc(truncate(shown.hint, width)), 'grey-fg')]
      const color = overlay.tone ? MESSAGE_COLOR[overlay.tone] : 'white'
      return { ...sized(overlay.title, lines, width, color, cols, rows), scroll: shown.scroll }
    }
    case 'filter': {
      const inner = Math.min(max, 50)
      const text = clean(overlay.text)
      // Show the end of a long filter: that is where the cursor is.
      const visible = textWidth(text) + 2 > inner ? `…${[...text].slice(-(inner - 3)).join('')}` : text
      return sized(
        'Filter',
        [`${paint('/', ['yellow-fg', 'bold'])}${esc(visible)}${paint('█', 'grey-fg')}`],
        inner,
        'yellow',
        cols,
        rows,
      )
    }
  }
}
