/**
 * Rollbacks: whether they run (by the scenario's strategy and how the run
 * went — nothing to undo when the method never started) and running them,
 * each step with its own deadline so an interrupted run still puts back
 * what it broke.
 */
import type { StepRecord } from './recorded-run.js'
import type { RunOutcome } from './report-schema.js'
import { runStep, type StepContext } from './run-step.js'
import type { RollbackStep, RollbackStrategy } from './schema.js'

/** How long one rollback step may take (a restart waits up to 20 s for its member). */
export const ROLLBACK_STEP_TIMEOUT_MS = 60_000

export function rollbackDecision(
  strategy: RollbackStrategy,
  outcome: RunOutcome,
  methodStarted: boolean,
  steps: number,
): { run: boolean; why: string } {
  if (steps === 0) return { run: false, why: 'the scenario has no rollbacks' }
  if (!methodStarted) return { run: false, why: 'the method never started: nothing to roll back' }
  if (strategy === 'never') return { run: false, why: 'rollback_strategy is never' }
  if (strategy === 'always')
    return {
      run: true,
      why: `rollback_strategy is always (the run ${outcome === 'passed' ? 'passed' : outcome === 'aborted' ? 'was aborted' : 'failed'})`,
    }
  if (outcome === 'passed') return { run: false, why: 'every expectation passed (rollback_strategy on_failure)' }
  return {
    run: true,
    why: `the run ${outcome === 'aborted' ? 'was aborted' : 'failed'} (rollback_strategy on_failure)`,
  }
}

/** Runs every rollback step in order, whatever the previous one did. */
export async function runRollbacks(
  steps: readonly RollbackStep[],
  c: Omit<StepContext, 'signal'>,
  onStep: (record: StepRecord) => void,
): Promise<StepRecord[]> {
  const done: StepRecord[] = []
  for (const [i, step] of steps.entries()) {
    const record = await runStep(step, 'rollback', i, { ...c, signal: AbortSignal.timeout(ROLLBACK_STEP_TIMEOUT_MS) })
    onStep(record)
    done.push(record)
  }
  return done
}
