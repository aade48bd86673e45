/**
 * Runs one method or rollback step against an opened subject: a fault
 * (recorded as `fault.injected`, as every injection is, so the monitor
 * knows the operator changed the cluster) or an action run directly, once
 * per target; nothing at all once the kill switch was pulled during the
 * run. Never throws: failures come back in the step's record.
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
}

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
  actx: ActionContext,
): Promise<Outcome> {
  const def = c.subject.actions.find((a) => a.name === step.action)
  if (def === undefined) throw new Error(`unknown action ${step.action}`)
  if (target.kind === 'leader' || target.kind === 'follower')
    throw new Error(`action ${step.action} needs a member name, random or faulted as its target, not ${target.kind}`)
  const member = target.kind === 'member' ? target.name : null
  const parsed = def.params.safeParse({ ...(step.params ?? {}), ...(member === null ? {} : { member }) })
  if (!parsed.success)
    throw new Error(
      `${step.action}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ')}`,
    )
  const result = await def.run(parsed.data, actx)
  if (result.status === 'failed')
    throw new Error(`${step.action}${member ? ` on ${member}` : ''} failed: ${result.summary}: ${result.error}`)
  return {
    targets: member === null ? [] : [member],
    summary: `${step.action}${member ? ` on ${member}` : ''}: ${result.summary}`,
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
  const halt = c.halted?.() ?? null
  if (halt !== null) return record(phase === 'method' ? 'failed' : 'skipped', [], `${halt}: not run`)
  const actx: ActionContext = { signal: c.signal, clock: c.clock, log: () => undefined }
  let targets: FaultTarget[]
  try {
    targets = resolveTargets(step.target, { members: c.members, seed: seed ?? c.seed, faulted: c.faulted })
  } catch (err) {
    return record('failed', [], describe(err))
  }
  if (targets.length === 0) return record('skipped', [], 'the method hit no member: nothing to do')
  const hit: string[] = []
  const summaries: string[] = []
  for (const target of targets) {
    try {
      const out =
        step.fault !== undefined
          ? await fault({ ...step, fault: step.fault }, target, c, actx, {
              scenario_phase: phase,
              scenario_step: index,
            })
          : await action({ ...step, action: name }, target, c, actx)
      hit.push(...out.targets)
      summaries.push(out.summary)
    } catch (err) {
      return record('failed', hit, [...summaries, describe(err)].join('; '))
    }
  }
  return record('ok', hit, summaries.join('; '))
}
