/**
 * The status line's run list (`demo --clusters N`): every run's state at a
 * glance, the one the panels show marked — `etcd-142233 ▸#1 ok · #2 2
 * tickets · #3 down`. Narrower forms leave off the shared prefix, then the
 * words (each run's label in its state's colour). Shown only with several runs.
 */
import { runGlance, runLabels, type Tone, type ViewModel } from '../view-model.js'
import { fitSegments, joinSegments as join, type Segment, seg, TONE_STYLE } from './text.js'

/** One run in the list. */
export interface RunEntry {
  label: string
  /** Its state in a word or two: `ok`, `2 tickets`, `degraded`, `down`. */
  text: string
  tone: Tone | 'quiet'
  /** The run the panels show. */
  selected: boolean
}

export interface RunsInput {
  /** What every run's id starts with, left off the labels ('' when nothing is shared). */
  prefix: string
  runs: RunEntry[]
}

/** The view model's runs for the status line; null with one run (nothing changes then). */
export function runsInput(vm: ViewModel): RunsInput | null {
  if (vm.runs.length < 2) return null
  const { prefix, labels } = runLabels(vm.runs.map((r) => r.id ?? '?'))
  const runs = vm.runs.map((run, i) => ({
    label: labels[i] ?? '?',
    ...runGlance(run),
    selected: run === vm.run,
  }))
  return { prefix, runs }
}

const STATE_STYLE = (tone: RunEntry['tone']) => (tone === 'quiet' ? 'grey-fg' : (TONE_STYLE[tone] ?? 'white-fg'))

function entry(r: RunEntry, words: boolean): Segment {
  const name = seg(r.label, r.selected ? ['white-fg', 'bold', 'underline'] : words ? null : STATE_STYLE(r.tone))
  const mark = seg('▸', ['white-fg', 'bold'])
  const labelled = r.selected ? { tagged: mark.tagged + name.tagged, width: mark.width + name.width } : name
  return words ? join([labelled, seg(r.text, STATE_STYLE(r.tone))], ' ') : labelled
}

/** The list in the widest form that fits in `room` cells (the narrowest, cut, when none does). */
export function runsSegment(input: RunsInput, room: number): Segment {
  const forms = [
    { prefix: true, words: true },
    { prefix: false, words: true },
    { prefix: false, words: false },
  ].filter((f) => !f.prefix || input.prefix !== '')
  for (const form of forms) {
    const list = join(
      input.runs.map((r) => entry(r, form.words)),
      form.words ? ' · ' : ' ',
    )
    const whole = form.prefix ? join([seg(input.prefix, 'grey-fg'), list], ' ') : list
    if (whole.width <= room) return whole
  }
  return fitSegments(
    input.runs.map((r) => entry(r, false)),
    room,
    ' ',
  )
}
