/**
 * The steady-state probe: one observation of the subject, checked without
 * grace periods, narrowed to the scenario's invariants.
 */
import type { Subject } from '../core/subject.js'
import type { Probe } from './steady-state.js'

export function steadyProbe(subject: Subject, invariants: readonly string[]): (signal: AbortSignal) => Promise<Probe> {
  return async (signal) => {
    const violations = subject.checker.evaluate(await subject.observe(signal))
    return {
      violations: violations
        .filter((v) => invariants.includes(v.invariant))
        .map((v) => ({ key: v.key, message: v.message })),
    }
  }
}
