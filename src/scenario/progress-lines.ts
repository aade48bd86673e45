/** The progress lines of a scenario run, and the tone each gets in the run's recording. */
import type { Tone } from '../core/run-events.js'
import { formatMs } from './duration.js'
import type { ExpectationResult } from './evaluate.js'
import type { StepRecord } from './recorded-run.js'

export function stepLine(r: StepRecord): string {
  const mark = r.status === 'ok' ? '>>>' : r.status === 'skipped' ? '---' : '!!!'
  return `${mark} ${r.phase} step ${r.index}: ${r.summary} (${formatMs(r.done_at - r.started_at)})`
}

export function verdictLine(r: ExpectationResult): string {
  return `${r.status === 'passed' ? 'PASS' : 'FAIL'} ${r.text}: ${r.detail}`
}

/** The tone a progress line gets in the recording, from its mark. */
export function toneOf(line: string): Tone {
  if (/^(PASS|>>>)/.test(line)) return 'good'
  if (/^(FAIL|!!!|aborted|refused)/.test(line)) return 'bad'
  if (/^(---|rolling back)/.test(line)) return 'warn'
  return 'info'
}
