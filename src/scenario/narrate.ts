/**
 * What a scenario run tells its audience, phase by phase: waiting for the
 * steady state, the next step (its `say:` line, when it fires or that the
 * presenter fires it), what the step did, the expectations as they are
 * decided, the rollbacks, and the report at the end. Pure: the runner hands
 * these to the supervisor, which shows and records them.
 */
import type { Narration } from '../core/narration.js'
import { formatMs } from './duration.js'
import type { ExpectationResult } from './evaluate.js'
import type { StepRecord } from './recorded-run.js'
import { renderRun } from './render-report.js'
import type { RunReport } from './report-schema.js'
import type { NextStep } from './run-method.js'
import type { MethodStep, Scenario } from './schema.js'

/** The key a presenter presses to fire the next step. */
export const PRESENTER_KEY = 'space'

type Fields = Pick<Narration, 'text' | 'detail' | 'tone'> & Partial<Pick<Narration, 'step' | 'report'>>

function narration(s: Scenario, f: Fields): Narration {
  return {
    title: s.title,
    step: f.step ?? null,
    of: s.method.length,
    text: f.text,
    detail: f.detail,
    tone: f.tone,
    report: f.report ?? null,
  }
}

/** `kill_member → follower`, `compact`: what a step does, for people. */
export function describeStep(step: Pick<MethodStep, 'fault' | 'action' | 'target'>): string {
  const name = step.fault ?? step.action ?? ''
  return step.target === undefined ? name : `${name} → ${step.target}`
}

/** Before the cluster is up (shown by the screen only: nothing is recorded yet). */
export function startingUp(s: Scenario, pacedByPresenter: boolean): Narration {
  const steps = `${s.method.length} step${s.method.length > 1 ? 's' : ''}`
  const cluster = `the ${s.subject} cluster (${s.runtime})`
  const modes = `${s.modes.safety}/${s.modes.approval}`
  const pacing = pacedByPresenter ? `each fired with ${PRESENTER_KEY}` : 'fired on their times'
  return narration(s, {
    text: s.description?.trim() || s.title,
    detail: `starting ${cluster} with monitor, agent and workload · modes ${modes} · ${steps}, ${pacing}`,
    tone: 'info',
  })
}

export function warmingUp(s: Scenario, invariants: readonly string[]): Narration {
  return narration(s, {
    text: s.description?.trim() || s.title,
    detail: `waiting for the steady state (${invariants.join(', ')}) to hold for ${formatMs(s.steady_state.hold)}`,
    tone: 'info',
  })
}

export function refusedToStart(s: Scenario, reason: string): Narration {
  return narration(s, { text: 'Refused: the system is not steady, nothing was injected', detail: reason, tone: 'bad' })
}

/** The next step, before it fires: when it fires on its time, or which key fires it. */
export function upcoming(s: Scenario, next: NextStep, now: number): Narration {
  const what = describeStep(next.step)
  const when =
    next.dueAt === null
      ? `press ${PRESENTER_KEY} to fire it: ${what}`
      : next.dueAt - now >= 1000
        ? `fires in ${formatMs(next.dueAt - now)}: ${what}`
        : `firing: ${what}`
  return narration(s, { step: next.position, text: next.step.say ?? what, detail: when, tone: 'warn' })
}

/** The presenter fired the first step but the system is not steady: it waits. */
export function notSteadyYet(s: Scenario, next: NextStep, violations: readonly string[]): Narration {
  return narration(s, {
    step: next.position,
    text: next.step.say ?? describeStep(next.step),
    detail: `not steady (${violations.join(', ')}): press ${PRESENTER_KEY} again once it is`,
    tone: 'bad',
  })
}

export function firing(s: Scenario, next: NextStep): Narration {
  return narration(s, {
    step: next.position,
    text: next.step.say ?? describeStep(next.step),
    detail: `firing: ${describeStep(next.step)}…`,
    tone: 'warn',
  })
}

export function fired(s: Scenario, next: NextStep, r: StepRecord): Narration {
  const more = next.position < next.of ? '' : ' — the monitor and agent take over'
  return narration(s, {
    step: next.position,
    text: next.step.say ?? describeStep(next.step),
    detail: r.status === 'failed' ? `step failed: ${r.summary}` : `${r.summary}${more}`,
    tone: r.status === 'failed' ? 'bad' : r.status === 'skipped' ? 'warn' : 'good',
  })
}

/** After the method: the expectations decided so far. */
export function watching(s: Scenario, results: readonly ExpectationResult[]): Narration {
  const passed = results.filter((r) => r.status === 'passed').length
  const failed = results.filter((r) => r.status === 'failed').length
  const last = [...results].reverse().find((r) => r.status !== 'pending')
  const lastStep = [...s.method].sort((a, b) => a.at - b.at).at(-1)
  // The forbid list stays open until the end by design: not something the watch waits for.
  const pending = results.filter((r) => r.status === 'pending' && r.kind !== 'forbidden').length
  const lastNote = last ? ` — last: ${last.status === 'passed' ? 'PASS' : 'FAIL'} ${last.text}` : ''
  return narration(s, {
    step: s.method.length,
    text: lastStep?.say ?? 'Watching the monitor and agent',
    detail: `expectations: ${passed} passed, ${failed} failed, ${pending} pending${lastNote}`,
    tone: failed > 0 ? 'bad' : 'info',
  })
}

export function rollingBack(s: Scenario, why: string): Narration {
  return narration(s, { text: 'Rolling back', detail: why, tone: 'warn' })
}

/** The end: the outcome in a line, the timings, and the whole report over the panels. */
export function finished(s: Scenario, r: RunReport): Narration {
  const passed = r.expectations.filter((e) => e.status === 'passed').length
  const timings = r.faults.map((f) => {
    const targetNote = f.targets.length ? ` on ${f.targets.join(', ')}` : ''
    const detected = `detected in ${formatMs(f.time_to_detect_ms)}`
    const repaired = `repaired in ${formatMs(f.time_to_repair_ms)}`
    return `${f.fault}${targetNote}: ${detected}, ${repaired}`
  })
  return narration(s, {
    text: `${r.outcome.toUpperCase()}: ${passed} of ${r.expectations.length} expectations passed`,
    detail: r.reason ?? (timings.join('; ') || 'no fault timings'),
    tone: r.outcome === 'passed' ? 'good' : 'bad',
    report: { outcome: r.outcome, lines: renderRun(r) },
  })
}
