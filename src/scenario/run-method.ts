/**
 * The method: its steps in order of `at`, each fired at its time after the
 * method's start — or, paced by a presenter, when the presenter fires it (the
 * method then starts with the first). Before a step fires the caller hears
 * of it (narration, with the step's time); a failed step ends the method
 * (the run is aborted, rollbacks still run); an abort of the signal throws.
 */
import type { StepRecord } from './recorded-run.js'
import { runStep, type StepContext } from './run-step.js'
import type { MethodStep } from './schema.js'

/** A step about to fire: where it is in the method (1-based, in firing order) and when it is due. */
export interface NextStep {
  step: MethodStep
  /** Index in the scenario's method list. */
  index: number
  position: number
  of: number
  /** When it fires on its time; null when the presenter fires it. */
  dueAt: number | null
}

export interface MethodHooks {
  /** The method begins as its first step is due (timed: at once): records the start and returns its time. */
  onStart: () => number
  /** The next step is known, before any wait for it. */
  onNext: (next: NextStep) => void
  /** The step fires now (after its wait). */
  onFire: (next: NextStep) => void
  onStep: (record: StepRecord, next: NextStep) => void
  /** Presenter pacing: resolves when the presenter fires the step. Unset: steps fire on their times. */
  presenter?: (next: NextStep) => Promise<void>
}

/** Runs the method; returns why it stopped early, or null when every step ran. */
export async function runMethod(
  steps: readonly MethodStep[],
  c: Omit<StepContext, 'faulted'>,
  hooks: MethodHooks,
): Promise<string | null> {
  const order = steps.map((step, index) => ({ step, index })).sort((a, b) => a.step.at - b.step.at || a.index - b.index)
  const faulted: string[] = []
  let start = hooks.presenter ? null : hooks.onStart()
  for (const [i, { step, index }] of order.entries()) {
    const next: NextStep = {
      step,
      index,
      position: i + 1,
      of: steps.length,
      dueAt: start === null || hooks.presenter ? null : start + step.at,
    }
    hooks.onNext(next)
    if (hooks.presenter) {
      await hooks.presenter(next)
      start ??= hooks.onStart()
    } else if (next.dueAt !== null) {
      const wait = next.dueAt - c.clock.now()
      if (wait > 0) await c.clock.sleep(wait, c.signal)
    }
    c.signal.throwIfAborted()
    hooks.onFire(next)
    const record = await runStep(step, 'method', index, { ...c, faulted })
    hooks.onStep(record, next)
    c.signal.throwIfAborted()
    if (record.status === 'failed') return `step ${index} (${record.name}) failed: ${record.summary}`
    if (record.kind === 'fault') faulted.push(...record.targets)
  }
  return null
}
