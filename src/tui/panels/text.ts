/**
 * Text for the screen: data from children and the database is cleaned of
 * control characters and escape sequences, measured in terminal cells,
 * wrapped or cut to a panel's width, and only then escaped and coloured as
 * blessed tags, so no string can garble the screen.
 */
import blessed from 'blessed'
import type { Tone } from '../view-model.js'

/** blessed's own cell-width table (untyped in @types/blessed), so our widths match its layout. */
const unicode = (blessed as unknown as { unicode?: { charWidth(str: string, i?: number): number } }).unicode

/** Cells one code point takes on screen. */
export function charWidth(ch: string): number {
  if (unicode) return unicode.charWidth(ch, 0)
  const code = ch.codePointAt(0) ?? 0
  return code < 0x20 ? 0 : 1
}

export function textWidth(text: string): number {
  let w = 0
  for (const ch of text) w += charWidth(ch)
  return w
}

const ESC = 0x1b

/** Length of the escape sequence starting at `i` (an ESC), so it can be skipped whole. */
function escapeLength(text: string, i: number): number {
  const next = text.charCodeAt(i + 1)
  if (next === 0x5b) {
    // CSI: parameters and intermediates, then one final byte 0x40–0x7e.
    let j = i + 2
    while (j < text.length) {
      const c = text.charCodeAt(j)
      if (c >= 0x40 && c <= 0x7e) return j - i + 1
      j++
    }
    return j - i
  }
  if (next === 0x5d || next === 0x50 || next === 0x5f || next === 0x5e) {
    // OSC, DCS, APC, PM: up to BEL or ESC \.
    let j = i + 2
    while (j < text.length) {
      const c = text.charCodeAt(j)
      if (c === 0x07) return j - i + 1
      if (c === ESC && text.charCodeAt(j + 1) === 0x5c) return j - i + 2
      j++
    }
    return j - i
  }
  return Number.isNaN(next) ? 1 : 2
}

/** Bidirectional overrides and isolates: they reorder what follows on a real terminal. */
function isBidiControl(code: number): boolean {
  return (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069) || code === 0x200e || code === 0x200f
}

/**
 * One line of plain text safe to lay out: escape sequences removed, tabs and
 * line breaks turned into spaces, other control characters dropped. Only the
 * first `max` characters are looked at: no panel shows more of one line, and a
 * megabyte of output on one line must not slow every frame.
 */
export function clean(input: string, max = 4096): string {
  const text = input.length > max ? input.slice(0, max) : input
  let out = ''
  let plainFrom = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    const control = c < 0x20 || (c >= 0x7f && c < 0xa0) || isBidiControl(c)
    if (!control) continue
    out += text.slice(plainFrom, i)
    if (c === ESC) {
      i += escapeLength(text, i) - 1
    } else if (c === 0x09 || c === 0x0a || c === 0x0d) {
      out += ' '
    }
    plainFrom = i + 1
  }
  return plainFrom === 0 ? text : out + text.slice(plainFrom)
}

/** The longest prefix of `text` that fits in `width` cells, with `…` when cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return ''
  if (textWidth(text) <= width) return text
  let out = ''
  let w = 0
  for (const ch of text) {
    const cw = charWidth(ch)
    if (w + cw > width - 1) break
    out += ch
    w += cw
  }
  return `${out}…`
}

/**
 * Splits `text` into rows of at most `width` cells, breaking at spaces where
 * it can; rows after the first start with `indent` spaces.
 */
export function wrap(text: string, width: number, indent = 0): string[] {
  if (width <= 0) return []
  const rows: string[] = []
  let row = ''
  let rowWidth = 0
  let lastSpace = -1
  const pad = ' '.repeat(Math.min(indent, Math.max(0, width - 2)))
  let lead = 0 // the indent that starts the current row
  for (const ch of text) {
    const cw = charWidth(ch)
    if (rowWidth + cw > width && row.length > lead) {
      const carried = lastSpace > lead && ch !== ' ' ? row.slice(lastSpace + 1) : ''
      const fits = carried.length > 0 && textWidth(pad + carried) + cw <= width
      rows.push((fits ? row.slice(0, lastSpace) : row).trimEnd())
      row = fits ? pad + carried : pad
      lead = pad.length
      rowWidth = textWidth(row)
      lastSpace = -1
      if (ch === ' ') continue
    }
    if (ch === ' ') lastSpace = row.length
    row += ch
    rowWidth += cw
  }
  if (row.trim().length > 0 || rows.length === 0) rows.push(row.trimEnd())
  return rows
}

/** Right-pads with spaces to `width` cells (cuts when longer). */
export function pad(text: string, width: number): string {
  const cut = truncate(text, width)
  return cut + ' '.repeat(Math.max(0, width - textWidth(cut)))
}

/** Escapes blessed tags in data: `{bold}` shows as typed. */
export function esc(text: string): string {
  return blessed.escape(text)
}

/** Wraps already-escaped text in blessed style tags such as `red-fg` or `['bold', 'red-fg']`. */
export function paint(escaped: string, style: string | readonly string[] | null): string {
  const styles = style === null ? [] : typeof style === 'string' ? [style] : style
  if (styles.length === 0 || escaped.length === 0) return escaped
  return `${styles.map((s) => `{${s}}`).join('')}${escaped}${[...styles]
    .reverse()
    .map((s) => `{/${s}}`)
    .join('')}`
}

/** Cleans, escapes and colours one piece of data. */
export function tagged(text: string, style: string | readonly string[] | null = null): string {
  return paint(esc(clean(text)), style)
}

export const TONE_STYLE: Record<Tone, string | null> = {
  info: null,
  good: 'green-fg',
  warn: 'yellow-fg',
  bad: 'red-fg',
}

/** `HH:MM:SS` of a timestamp, local time. */
export function clockTime(at: number): string {
  const d = new Date(at)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
}

/** A piece of a line: tagged text and the cells it takes. */
export interface Segment {
  tagged: string
  width: number
}

/** A segment of data: cleaned, escaped and styled. */
export function seg(text: string, style: string | readonly string[] | null = null): Segment {
  const plain = clean(text)
  return { tagged: paint(esc(plain), style), width: textWidth(plain) }
}

export function joinSegments(segments: Segment[], separator: string): Segment {
  const sep = seg(separator, 'grey-fg')
  return {
    tagged: segments.map((s) => s.tagged).join(sep.tagged),
    width: segments.reduce((w, s) => w + s.width, 0) + sep.width * Math.max(0, segments.length - 1),
  }
}

/** The leading segments that fit in `width` cells, whole; later ones are left off. */
export function fitSegments(parts: Segment[], width: number, separator: string): Segment {
  const out: Segment[] = []
  let used = 0
  for (const part of parts) {
    const extra = (out.length > 0 ? textWidth(separator) : 0) + part.width
    if (used + extra > width) break
    out.push(part)
    used += extra
  }
  return joinSegments(out, separator)
}

/** A panel label from its parts, as many as fit on the top border of a panel `width` cells wide. */
export function label(parts: Segment[], width: number, separator = ' · '): string {
  const fitted = fitSegments(parts, Math.max(0, width - 6), separator)
  return fitted.width > 0 ? ` ${fitted.tagged} ` : ''
}
