/**
 * The Monitor and Agent panels: the visible tail of a log, newest at the
 * bottom, each line timed, coloured by tone and wrapped to the panel. Only
 * the lines that can be seen are formatted, whatever the log's length.
 */
import type { Ticket } from '../../core/records.js'
import type { BrainView, LogLine } from '../view-model.js'
import {
  clean,
  clockTime,
  esc,
  label,
  paint,
  type Segment,
  seg,
  TONE_STYLE,
  textWidth,
  truncate,
  wrap,
} from './text.js'

const TIME_WIDTH = 9

/**
 * Rows for `lines` in `width` × `height` cells: each line wrapped with a
 * hanging indent, newest at the bottom. When not all fit, only whole lines
 * are shown (no orphaned continuation at the top; the newest line always
 * shows, from its start) and the rows are bottom-aligned. A line's ticket id, when it starts the
 * text, is picked out so the Agent panel reads as groups.
 */
export function logRows(lines: LogLine[], width: number, height: number): string[] {
  if (width <= 0 || height <= 0) return []
  const showTime = width >= 60
  const available = showTime ? width - TIME_WIDTH : width
  const rows: string[] = []
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]
    if (!line) continue
    // A line never shows more than a panel's worth of rows: its head.
    // A folded line (a model's answer, a tool call) takes one row: enter shows the whole of it.
    const wrapped =
      line.detail !== undefined
        ? [truncate(clean(line.text, available * 2), available)]
        : wrap(clean(line.text, available * height * 2), available, 2).slice(0, height)
    if (rows.length + wrapped.length > height) {
      if (rows.length === 0) rows.push(...paintLine(line, wrapped, showTime))
      // Older lines did not fit: keep the newest at the bottom, the gap at the top.
      return [...Array<string>(Math.max(0, height - rows.length)).fill(''), ...rows]
    }
    rows.unshift(...paintLine(line, wrapped, showTime))
  }
  return rows
}

function paintLine(line: LogLine, wrapped: string[], showTime: boolean): string[] {
  const style = TONE_STYLE[line.tone]
  const ticket = line.ticket_id ? clean(line.ticket_id) : ''
  return wrapped.map((part, j) => {
    const body =
      j === 0 && ticket && part.startsWith(`${ticket} `)
        ? `${paint(esc(ticket), 'cyan-fg')}${paint(esc(part.slice(ticket.length)), style)}`
        : paint(esc(part), style)
    if (!showTime) return body
    return `${j === 0 ? paint(clockTime(line.at), 'grey-fg') : ' '.repeat(TIME_WIDTH - 1)} ${body}`
  })
}

/** The Monitor panel's header: ticket counts by status, in short words when the panel is narrow. */
export function ticketCounts(tickets: Ticket[], width: number): string {
  const count = (s: Ticket['status']) => tickets.filter((t) => t.status === s).length
  const counts = [
    { n: count('open'), long: 'open', short: 'open', color: 'yellow-fg' },
    { n: count('in_progress'), long: 'in progress', short: 'prog', color: 'cyan-fg' },
    { n: count('escalated'), long: 'escalated', short: 'esc', color: 'red-fg' },
    { n: count('resolved'), long: 'resolved', short: 'done', color: 'green-fg' },
  ]
  const fits = (parts: string[]) => parts.join(' · ').length <= width
  const long = counts.map((c) => `${c.n} ${c.long}`)
  const short = counts.map((c) => `${c.n} ${c.short}`)
  // Narrowest: only the counts that are not zero.
  const shown = fits(long)
    ? counts.map((c, i) => ({ ...c, text: long[i] ?? '' }))
    : fits(short)
      ? counts.map((c, i) => ({ ...c, text: short[i] ?? '' }))
      : counts.filter((c) => c.n > 0).map((c) => ({ ...c, text: `${c.n} ${c.short}` }))
  if (shown.length === 0) return paint('no tickets', 'grey-fg')
  return shown.map((c) => paint(c.text, c.n > 0 ? c.color : 'grey-fg')).join(paint(' · ', 'grey-fg'))
}

/** How a label says which brain the agent plans with: in full (`llm anthropic:…`) and in short (`llm`). */
export interface LabelDetail {
  text: string
  short: string
  style: string | null
}

/** The Agent panel's brain for its label: the model beside an LLM brain's name. */
export function brainDetail(brain: BrainView): LabelDetail {
  return {
    text: brain.model ? `${brain.name} ${brain.model}` : brain.name,
    short: brain.name,
    style: brain.name === 'playbook' ? 'grey-fg' : 'magenta-fg',
  }
}

/**
 * A log panel's label: its name, what it is about (the Agent's brain), its
 * filter and how far it is scrolled back. The detail gives way first: in
 * short, then not at all, so the filter and the scroll always show.
 */
export function logLabel(
  name: string,
  filter: string | undefined,
  scroll: number,
  focused: boolean,
  width: number,
  detail?: LabelDetail,
): string {
  const head = seg(`${focused ? '▸ ' : ''}${name}`)
  const tail: Segment[] = []
  if (filter) tail.push(seg(`/${truncate(clean(filter), Math.max(4, width - 30))}`, 'yellow-fg'))
  if (scroll > 0) tail.push(seg(`↑ ${scroll} back`, 'yellow-fg'))
  const SEPARATOR = 3 // ' · '
  const room = width - 6 - [head, ...tail].reduce((w, s) => w + s.width + SEPARATOR, 0)
  const said = detail ? [detail.text, detail.short].find((t) => textWidth(clean(t)) <= room) : undefined
  const middle = detail && said !== undefined ? [seg(said, detail.style)] : []
  return label([head, ...middle, ...tail], width)
}

/** Placeholder when a log has nothing to show yet. */
export function emptyLog(filter: string | undefined, what: string): string {
  const text = filter ? `no line matches /${clean(filter)}` : what
  return paint(esc(text), 'grey-fg')
}
