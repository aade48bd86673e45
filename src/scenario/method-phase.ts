/**
 * The scenario's method and its observation, once the steady state held:
 * the steps fired on their times or by the presenter (the first only into a
 * steady system), narrated before and after each, the steady state watched
 * from the method's start, then the expectations watched until every one is
 * decided or the longest has run out.
 */
import type { Supervisor } from '../supervisor/supervisor.js'
import { allDecided, evaluateExpectations, observationLimitMs } from './evaluate.js'
import { fired, firing, notSteadyYet, upcoming, watching } from './narrate.js'
import type { Presenter } from './presenter.js'
import { stepLine, verdictLine } from './progress-lines.js'
import { collectRecordedRun, SCENARIO_EVENTS } from './recorded-run.js'
import type { RunDeps } from './run-deps.js'
import { type MethodHooks, runMethod } from './run-method.js'
import type { Scenario } from './schema.js'
import type { Probe } from './steady-state.js'
import { type SteadyWatch, watchSteadyState } from './steady-watch.js'

export interface MethodPhase {
  scenario: Scenario
  sup: Supervisor
  d: RunDeps
  members: readonly string[]
  seed: number
  probe: (signal: AbortSignal) => Promise<Probe>
  append: (type: string, payload: Record<string, unknown>) => void
  /** Why steps may no longer run (the kill switch), or null. */
  halted: () => string | null
  presenter: Presenter | null
}

/** What the caller cleans up, also when the phase throws (an abort). */
export interface PhaseState {
  watch: SteadyWatch | null
  /** When the method started; null while it has not. */
  startedAt: number | null
}

/** Runs the method and watches the expectations; returns why the method stopped early, or null. */
export async function runMethodPhase(p: MethodPhase, state: PhaseState): Promise<string | null> {
  const { scenario, sup, d } = p
  const runId = sup.runId
  const hooks: MethodHooks = {
    onStart: () => {
      const at = d.clock.now()
      state.watch = watchSteadyState(
        p.probe,
        {
          intervalMs: scenario.poll_interval,
          clock: d.clock,
          onChange: (s) => p.append(SCENARIO_EVENTS.steady, { ...s }),
        },
        d.signal,
      )
      p.append(SCENARIO_EVENTS.methodStarted, { at, paced_by: p.presenter ? 'presenter' : 'time' })
      state.startedAt = at
      return at
    },
    onNext: (next) => {
      sup.narrate(upcoming(scenario, next, d.clock.now()))
      if (next.dueAt === null)
        d.progress(`--- step ${next.position} of ${next.of} waits for the presenter: ${next.step.say ?? ''}`.trimEnd())
    },
    onFire: (next) => {
      sup.narrate(firing(scenario, next))
      if (next.step.say !== undefined) d.progress(`--- step ${next.position} of ${next.of}: ${next.step.say}`)
    },
    onStep: (r, next) => {
      p.append(SCENARIO_EVENTS.step, { ...r })
      d.progress(stepLine(r))
      sup.narrate(fired(scenario, next, r))
    },
  }
  const { presenter } = p
  if (presenter) {
    hooks.presenter = async (next) => {
      for (;;) {
        await presenter.next(next.position, d.signal)
        // Only into a steady system: the presenter may have broken it by hand meanwhile.
        if (next.position > 1) return
        const violations = (await p.probe(d.signal)).violations.map((v) => v.key)
        if (violations.length === 0) return
        sup.narrate(notSteadyYet(scenario, next, violations))
        d.progress(`--- not steady (${violations.join(', ')}): step ${next.position} waits`)
      }
    }
  }
  const failed = await runMethod(
    scenario.method,
    {
      subject: sup.subject,
      store: d.store,
      runId,
      members: p.members,
      seed: p.seed,
      clock: d.clock,
      signal: d.signal,
      halted: p.halted,
      governed: methodHasNoActions,
    },
    hooks,
  )
  if (failed !== null || state.startedAt === null) return failed
  await observe(p, state.startedAt)
  return null
}

/** Watches the expectations until every one is decided or the longest of them has run out. */
async function observe(p: MethodPhase, methodStart: number): Promise<void> {
  const { scenario, d } = p
  const limit = methodStart + observationLimitMs(scenario.expect, scenario.steady_state.hold)
  const told = new Set<number>()
  // The first pass narrates the watch even when nothing is decided yet.
  let news = true
  for (;;) {
    const now = d.clock.now()
    const results = evaluateExpectations(
      scenario.expect,
      collectRecordedRun(d.store, p.sup.runId),
      now,
      false,
      scenario.forbid,
    )
    for (const r of results) {
      if (r.status === 'pending' || told.has(r.index)) continue
      told.add(r.index)
      news = true
      d.progress(verdictLine(r))
    }
    if (news) p.sup.narrate(watching(scenario, results))
    news = false
    if (allDecided(scenario.expect, results) || now >= limit) return
    await d.clock.sleep(scenario.poll_interval, d.signal)
  }
}

/** Method steps are faults only (the scenario checks refuse an action there): a remediation is the agent's. */
async function methodHasNoActions(action: string): Promise<string> {
  throw new Error(`${action}: a method step changes the system only through faults; remediation is the agent's`)
}
