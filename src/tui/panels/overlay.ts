/**
 * Overlays drawn over the panels: the key table, the fault menu, the kill
 * switch's confirm step, a message (such as the kill switch's counts) and the
 * filter prompt. Each is a title, tagged lines and the size it wants.
 */
import type { Overlay } from '../view-model.js'
import { clean, esc, label, paint, pad, seg, textWidth, truncate, wrap } from './text.js'

/** Every key of the TUI, for the help overlay and the README. */
export const KEY_TABLE: readonly (readonly [key: string, what: string])[] = [
  ['a', 'approve the selected proposal'],
  ['r', 'reject the selected proposal'],
  ['m', 'toggle safety mode: observe / execute'],
  ['A', 'toggle approval mode: manual / auto'],
  ['f', 'fault menu: kill, pause, resume, fill quota…'],
  ['K', 'kill switch (asks to confirm)'],
  ['R', 'restart a dead child'],
  ['tab', 'focus the next panel (shift-tab: previous)'],
  ['↑ ↓ j k', 'scroll the focused log / select a proposal'],
  ['/', 'filter the focused log (empty clears)'],
  ['?', 'this help'],
  ['q', 'quit: stops every child and cluster member'],
]

export const CONFIRM_KILL_TEXT = 'Pull the kill switch? observe mode, cancel every pending proposal, abort in-flight work — y / n'

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
}

function sized(title: string, lines: string[], innerWidth: number, color: string, cols: number, rows: number): OverlayView {
  const width = Math.min(cols, Math.max(10, Math.min(cols - 2, innerWidth + 4)))
  const height = Math.min(rows, Math.max(3, Math.min(rows - 2, lines.length + 2)))
  return { title: label([seg(truncate(clean(title), Math.max(1, width - 6)))], width), lines: lines.slice(0, Math.max(1, height - 2)), width, height, color }
}

/** The overlay to draw for `overlay` on a `cols` × `rows` terminal. */
export function overlayView(overlay: Overlay, cols: number, rows: number): OverlayView {
  const max = Math.max(6, cols - 8)
  switch (overlay.kind) {
    case 'help': {
      const keyWidth = Math.max(...KEY_TABLE.map(([k]) => textWidth(k)))
      const lines = KEY_TABLE.map(([k, what]) => `${paint(esc(pad(k, keyWidth)), ['white-fg', 'bold'])}  ${esc(truncate(what, max - keyWidth - 2))}`)
      lines.push('', paint('esc or ? closes', 'grey-fg'))
      const inner = Math.max(0, ...KEY_TABLE.map(([, what]) => keyWidth + 2 + textWidth(what)))
      return sized('Keys', lines, Math.min(max, inner), 'cyan', cols, rows)
    }
    case 'faults': {
      const labels = overlay.items.map((i) => clean(i.label))
      const hint = '↑↓ choose · enter inject · esc close'
      const inner = Math.min(max, Math.max(textWidth(hint), ...labels.map((l) => textWidth(l) + 2)))
      const lines = labels.map((label, i) =>
        i === overlay.selected ? paint(esc(pad(`▶ ${label}`, inner)), ['black-fg', 'yellow-bg']) : esc(truncate(`  ${label}`, inner)),
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
    case 'message': {
      const text = overlay.lines.map((l) => clean(l))
      const inner = Math.min(max, Math.max(30, textWidth(clean(overlay.title)) + 4, ...text.map(textWidth)))
      const lines = text.flatMap((l) => wrap(l, inner, 2)).map(esc)
      lines.push('', paint('esc closes', 'grey-fg'))
      return sized(overlay.title, lines, inner, 'white', cols, rows)
    }
    case 'filter': {
      const inner = Math.min(max, 50)
      const text = clean(overlay.text)
      // Show the end of a long filter: that is where the cursor is.
      const visible = textWidth(text) + 2 > inner ? `…${[...text].slice(-(inner - 3)).join('')}` : text
      return sized('Filter', [`${paint('/', ['yellow-fg', 'bold'])}${esc(visible)}${paint('█', 'grey-fg')}`], inner, 'yellow', cols, rows)
    }
  }
}
