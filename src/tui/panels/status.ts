/**
 * The status line: safety and approval modes, the kill switch, every run's
 * state (with several runs), each child's health, the last action's outcome
 * and the key hints; a dead child's last
 * stderr lines take the place of the hints until it is restarted. During a
 * replay the second row says where the replay is and lists its keys. Keys of
 * the caller's own (a presenter's space) come first in either.
 */
import type { Modes } from '../../core/records.js'
import type { BrainView, ChildView, ReplayStatus, Tone } from '../view-model.js'
import { type RunsInput, runsSegment } from './runs.js'
import {
  clean,
  clockTime,
  esc,
  fitSegments,
  joinSegments as join,
  paint,
  type Segment,
  seg,
  TONE_STYLE,
  textWidth,
  truncate,
} from './text.js'

export const KEY_HINTS: readonly (readonly [key: string, what: string])[] = [
  ['a', 'approve'],
  ['r', 'reject'],
  ['m', 'mode'],
  ['A', 'approval'],
  ['f', 'fault'],
  ['K', 'kill'],
  ['tab', 'focus'],
  ['/', 'filter'],
  ['?', 'help'],
  ['q', 'quit'],
]

/** The run key's hint, shown before `tab` when there are several runs to switch between. */
const RUN_HINT = ['[ ]', 'run'] as const

function withRunHint(keys: readonly (readonly [key: string, what: string])[], runs: RunsInput | null | undefined) {
  if (!runs) return keys
  const at = keys.findIndex(([key]) => key === 'tab')
  return [...keys.slice(0, at), RUN_HINT, ...keys.slice(at)]
}

/** Keys of `operator replay` (the view keys — tab, scroll, filter — work as live). */
export const REPLAY_KEY_HINTS: readonly (readonly [key: string, what: string])[] = [
  ['space', 'pause'],
  ['.', 'step'],
  ['+/-', 'speed'],
  ['g', 'restart'],
  ['tab', 'focus'],
  ['/', 'filter'],
  ['q', 'quit'],
]

export interface StatusInput {
  modes: Modes | null
  children: ChildView[]
  /** The agent's brain: after the children, in short (or left off) when the line is narrow. */
  brain?: BrainView
  flash: { text: string; tone: Tone } | null
  /** Set during a replay. */
  replay?: ReplayStatus | null
  /** Keys of the caller's own, hinted before the screen's keys. */
  extraHints?: readonly (readonly [key: string, what: string])[]
  /** Every run's state, with several runs (`runsInput`); absent or null with one. */
  runs?: RunsInput | null
}

/** `m:ss`, or `h:mm:ss` past an hour. */
function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  const two = (n: number) => String(n).padStart(2, '0')
  const h = Math.floor(s / 3600)
  return h > 0 ? `${h}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}` : `${Math.floor(s / 60)}:${two(s % 60)}`
}

/** REPLAY ▶ ×4 1:23/10:00 14:03:12 412/2400 */
export function replaySegments(r: ReplayStatus): Segment[] {
  const state = r.ended
    ? seg('■ end', ['grey-fg', 'bold'])
    : r.paused
      ? seg('❚❚ paused', ['yellow-fg', 'bold'])
      : seg('▶', ['green-fg', 'bold'])
  return [
    join(
      [
        seg('REPLAY', ['magenta-fg', 'bold']),
        state,
        seg(r.speed === 'max' ? 'max' : `×${r.speed}`, ['white-fg', 'bold']),
      ],
      ' ',
    ),
    seg(`${duration(r.elapsed_ms)}/${duration(r.total_ms)}`),
    seg(clockTime(r.at), 'grey-fg'),
    seg(`${r.position}/${r.entries}`, 'grey-fg'),
  ]
}

function modeSegments(modes: Modes | null): Segment[] {
  if (!modes) return [seg('modes ?', 'grey-fg')]
  return [
    modes.safety === 'execute' ? seg('EXECUTE', ['red-fg', 'bold']) : seg('observe', 'green-fg'),
    modes.approval === 'auto' ? seg('auto', 'yellow-fg') : seg('manual', 'cyan-fg'),
    modes.kill_latched ? seg('kill LATCHED', ['red-fg', 'bold']) : seg('kill ready', 'grey-fg'),
  ]
}

function childSegment(child: ChildView): Segment {
  const restarts = child.restarts > 0 ? ` ↻${child.restarts}` : ''
  switch (child.status) {
    case 'running':
      return join([seg(child.name), seg(`●${restarts}`, 'green-fg')], ' ')
    case 'starting':
      return join([seg(child.name), seg(`◌ starting${restarts}`, 'yellow-fg')], ' ')
    case 'stopped':
      return join([seg(child.name), seg('■ stopped', 'grey-fg')], ' ')
    case 'dead':
      return join(
        [
          seg(child.name),
          seg(`✘ dead${child.exit_code === null ? '' : ` (exit ${child.exit_code})`}${restarts}`, ['red-fg', 'bold']),
        ],
        ' ',
      )
  }
}

/** Cells of the last action's outcome the brain never takes. */
const FLASH_KEPT = 32

/** `brain llm (anthropic:claude-sonnet-4-5)`, else `brain llm`, whichever fits in `room` cells; null when neither does. */
export function brainSegment(brain: BrainView, room: number): Segment | null {
  const style = brain.name === 'playbook' ? 'grey-fg' : 'magenta-fg'
  const forms = brain.model ? [`brain ${brain.name} (${brain.model})`, `brain ${brain.name}`] : [`brain ${brain.name}`]
  const form = forms.find((f) => textWidth(clean(f)) <= room)
  return form === undefined ? null : join([seg('brain', 'grey-fg'), seg(form.slice('brain '.length), style)], ' ')
}

/** `key what` hints, the key in bold white. */
function hints(keys: readonly (readonly [key: string, what: string])[]): Segment[] {
  return keys.map(([key, what]) => join([seg(key, ['white-fg', 'bold']), seg(what, 'grey-fg')], ' '))
}

/** The status line's rows (1 or 2) for a terminal `width` cells wide. */
export function statusLines(input: StatusInput, width: number, rows: number): string[] {
  const modes = modeSegments(input.modes)
  const children = input.children.map(childSegment)
  const head = [...modes, ...children]
  if (input.runs) {
    // The runs keep room for the children when they can; otherwise the children are left off the end.
    const before = join(modes, ' │ ').width + 3
    const spare = width - before - join(children, ' │ ').width - 3
    const list = runsSegment(input.runs, spare >= 12 ? spare : width - before)
    head.splice(modes.length, 0, list)
  }
  // The last action's outcome keeps room for its first cells; the brain takes what is left.
  const flashRoom = input.flash ? Math.min(textWidth(clean(input.flash.text)), FLASH_KEPT) + 3 : 0
  const brain = input.brain ? brainSegment(input.brain, width - join(head, ' │ ').width - 3 - flashRoom) : null
  if (brain) head.push(brain)
  const headWidth = join(head, ' │ ').width
  const parts = [...head]
  if (input.flash) {
    const room = width - headWidth - 3
    if (room >= 8) parts.push(seg(truncate(clean(input.flash.text), room), TONE_STYLE[input.flash.tone]))
  }
  const first = fitSegments(parts, width, ' │ ').tagged
  const dead = input.children.filter((c) => c.status === 'dead')
  const extra = input.extraHints ?? []
  let second: string
  if (dead.length > 0) {
    const stderr = dead.map((c) => {
      const last = c.last_stderr
        .slice(-2)
        .map((l) => clean(l))
        .join(' ⏎ ')
      return `${c.name}: ${last || 'no stderr'}`
    })
    const tail = join(
      [
        seg('R', ['white-fg', 'bold']),
        seg('restarts', 'grey-fg'),
        seg('?', ['white-fg', 'bold']),
        seg('help', 'grey-fg'),
      ],
      ' ',
    )
    const text = truncate(stderr.join('  '), Math.max(0, width - tail.width - 2))
    second = `${paint(esc(text), 'red-fg')}  ${tail.tagged}`
  } else {
    second = fitSegments(hints([...extra, ...withRunHint(KEY_HINTS, input.runs)]), width, '  ').tagged
  }
  if (input.replay) {
    second = fitSegments(
      [join(replaySegments(input.replay), ' '), ...hints([...extra, ...withRunHint(REPLAY_KEY_HINTS, input.runs)])],
      width,
      '  ',
    ).tagged
    if (rows <= 1) return [fitSegments([...replaySegments(input.replay), ...parts], width, ' │ ').tagged]
  }
  if (rows <= 1) return [first]
  return [first, second]
}
