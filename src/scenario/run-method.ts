/**
 * The method: each step fired at its time after the method's start (in
 * order of `at`), its `say` line shown first. A failed step ends the method
 * (the run is aborted, rollbacks still run); an abort of the signal throws.
 */
import type { StepRecord } from './recorded-run.js'
import { runStep, type StepContext } from './run-step.js'
import type { MethodStep } from './schema.js'

export interface MethodHooks {
  onSay: (index: number, of: number, text: string) => void
  onStep: (record: StepRecord) => void
}

/** Runs the method; returns why it stopped early, or null when every step ran. */
export async function runMethod(steps: readonly MethodStep[], methodStart: number, c: Omit<StepContext, 'faulted'>, hooks: MethodHooks): Promise<string | null> {
  const order = steps.map((step, index) => ({ step, index })).sort((a, b) => a.step.at - b.step.at || a.index - b.index)
  const faulted: string[] = []
  for (const { step, index } of order) {
    const wait = methodStart + step.at - c.clock.now()
    if (wait > 0) await c.clock.sleep(wait, c.signal)
    c.signal.throwIfAborted()
    if (step.say !== undefined) hooks.onSay(index, steps.length, step.say)
    const record = await runStep(step, 'method', index, { ...c, faulted })
    hooks.onStep(record)
    c.signal.throwIfAborted()
    if (record.status === 'failed') return `step ${index} (${record.name}) failed: ${record.summary}`
    if (record.kind === 'fault') faulted.push(...record.targets)
  }
  return null
}
