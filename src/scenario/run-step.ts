/**
 * Runs one method or rollback step against an opened subject, once per
 * target: a fault — the scenario's own harness, recorded as `fault.injected`
 * as every injection is, refused while the kill switch is latched and aborted
 * when it is pulled — or a remediation action, which goes through a proposal
 * and the execution gate like any other (governed-action.ts). Never throws:
 * failures come back in the step's record.
 */
import type { Clock } from '../core/clock.js'
import { errorMessage, isOperatorError } from '../core/errors.js'
import type { ActionContext, FaultTarget, Subject } from '../core/subject.js'
import type { Store } from '../store/store.js'
import type { StepRecord } from './recorded-run.js'
import type { RollbackStep } from './schema.js'
import { resolveTargets } from './targets.js'

export interface StepContext {
  subject: Subject
  store: Store
  runId: string
  members: readonly string[]
  /** Members the method's faults have hit so far. */
  faulted: readonly string[]
  /** Seed for a random target without one of its own. */
  seed: number
  clock: Clock
  signal: AbortSignal
  /** Why no step may change the cluster any more (the kill switch was pulled during the run), or null. */
  halted?: () => string | null
  /** Runs a remediation action through a proposal and the gate; resolves with its summary, throws when it did not run. */
  governed: (action: string, params: Record<string, unknown>, label: string, signal: AbortSignal) => Promise<string>
}

/** How often a running step looks whether the kill switch was pulled. */
const KILL_WATCH_MS = 100

interface Outcome {
  targets: string[]
  summary: string
}

function describe(err: unknown): string {
  return isOperatorError(err) ? err.oneLine() : errorMessage(err)
}

async function fault(
  step: RollbackStep & { fault: string },
  target: FaultTarget,
  c: StepContext,
  actx: ActionContext,
  where: Record<string, unknown>,
): Promise<Outcome> {
  const def = c.subject.faults.find((f) => f.name === step.fault)
  if (def === undefined) throw new Error(`unknown fault ${step.fault}`)
  const result = await def.inject(target, actx)
  c.store.append({ run_id: c.runId, actor: 'scenario', type: 'fault.injected', payload: { ...result, ...where } })
  return {
    targets: result.targets,
    summary: `${result.fault} → ${result.targets.join(', ') || 'cluster'}: ${result.summary}`,
  }
}

async function action(
  step: RollbackStep & { action: string },
  target: FaultTarget,
  c: StepContext,
  signal: AbortSignal,
  label: string,
): Promise<Outcome> {
  if (target.kind === 'leader' || target.kind === 'follower')
    throw new Error(`action ${step.action} needs a member name, random or faulted as its target, not ${target.kind}`)
  const member = target.kind === 'member' ? target.name : null
  const params = { ...(step.params ?? {}), ...(member === null ? {} : { member }) }
  const summary = await c.governed(step.action, params, label, signal)
  return {
    targets: member === null ? [] : [member],
    summary: `${step.action}${member ? ` on ${member}` : ''}: ${summary}`,
  }
}

/** A signal that also fires when the kill switch is pulled during the step. */
function untilKilled(c: StepContext): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController()
  const onAbort = () => controller.abort(c.signal.reason)
  c.signal.addEventListener('abort', onAbort, { once: true })
  const watch = setInterval(() => {
    const halt = c.halted?.() ?? null
    if (halt !== null) controller.abort(new Error(halt))
  }, KILL_WATCH_MS)
  return {
    signal: controller.signal,
    dispose: () => {
      clearInterval(watch)
      c.signal.removeEventListener('abort', onAbort)
    },
  }
}

export async function runStep(
  step: RollbackStep,
  phase: StepRecord['phase'],
  index: number,
  c: StepContext,
): Promise<StepRecord> {
  const started = c.clock.now()
  const kind = step.fault !== undefined ? 'fault' : 'action'
  const name = step.fault ?? step.action ?? ''
  const seed = step.target === 'random' ? (step.seed ?? c.seed) : null
  const record = (status: StepRecord['status'], targets: string[], summary: string): StepRecord => ({
    phase,
    index,
    kind,
    name,
    target: step.target ?? null,
    seed,
    targets,
    started_at: started,
    done_at: c.clock.now(),
    status,
    summary,
  })
  // The kill switch stops the scenario too: a method step fails (the run aborts), a rollback is skipped.
  const halt = c.halted?.() ?? (c.store.modes().kill_latched ? 'the kill switch is latched' : null)
  if (halt !== null) return record(phase === 'method' ? 'failed' : 'skipped', [], `${halt}: not run`)
  let targets: FaultTarget[]
  try {
    targets = resolveTargets(step.target, { members: c.members, seed: seed ?? c.seed, faulted: c.faulted })
  } catch (err) {
    return record('failed', [], describe(err))
  }
  if (targets.length === 0) return record('skipped', [], 'the method hit no member: nothing to do')
  const hit: string[] = []
  const summaries: string[] = []
  const { signal, dispose } = untilKilled(c)
  const actx: ActionContext = { signal, clock: c.clock, log: () => undefined }
  const where = { scenario_phase: phase, scenario_step: index }
  try {
    for (const target of targets) {
      const out =
        step.fault !== undefined
          ? await fault({ ...step, fault: step.fault }, target, c, actx, where)
          : await action({ ...step, action: name }, target, c, signal, `${phase} step ${index + 1}`)
      hit.push(...out.targets)
      summaries.push(out.summary)
    }
  } catch (err) {
    const why =
      signal.aborted && !c.signal.aborted ? `${describe(signal.reason)} (stopped by the kill switch)` : describe(err)
    return record('failed', hit, [...summaries, why].join('; '))
  } finally {
    dispose()
  }
  return record('ok', hit, summaries.join('; '))
}
