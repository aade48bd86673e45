/**
 * One run of a scenario: set the modes, bring up the cluster with monitor,
 * agent and workload (the demo's supervisor, on the scenario's runtime),
 * wait for the steady state (refusing an unhealthy system), fire the method,
 * watch the steady state and the expectations until every one is decided,
 * roll back by the strategy, stop everything it started and report. Ctrl-C
 * or a failed step aborts the method; rollbacks and the stop still happen.
 */
import { userInfo } from 'node:os'
import { errorMessage, isOperatorError, OperatorError } from '../core/errors.js'
import type { ClusterStatus, SubjectModule } from '../core/subject.js'
import { onRuntime } from '../registry/on-runtime.js'
import { KILL_SWITCH_EVENT } from '../safety/kill-switch.js'
import type { Store } from '../store/store.js'
import { Supervisor } from '../supervisor/supervisor.js'
import { buildRunReport, type RunContext } from './build-report.js'
import { openedCatalogue } from './catalogue.js'
import { recheckReferences } from './check-text.js'
import { formatMs } from './duration.js'
import { evaluateExpectations } from './evaluate.js'
import { runGovernedAction } from './governed-action.js'
import { type PhaseState, runMethodPhase } from './method-phase.js'
import { finished, refusedToStart, rollingBack, warmingUp } from './narrate.js'
import { steadyProbe } from './probe.js'
import { formatProblem } from './problem.js'
import { stepLine, toneOf } from './progress-lines.js'
import { collectRecordedRun, SCENARIO_EVENTS } from './recorded-run.js'
import type { RunOutcome, RunReport } from './report-schema.js'
import { rollbackDecision, runRollbacks } from './rollbacks.js'
import type { RunDeps, ScenarioSource } from './run-deps.js'
import type { Scenario } from './schema.js'
import { awaitSteadyState, type InitialSteady } from './steady-state.js'
import { freshSeed } from './targets.js'

const ACTOR = 'scenario'
/** The scenario's author: the person running it, who approves its rollback actions. */
const author = userInfo().username

/** Sets an environment variable of this process (inherited by the children it spawns) until the returned function restores it. */
function setEnv(name: string, value: string | null): () => void {
  if (value === null) return () => undefined
  const before = process.env[name]
  process.env[name] = value
  return () => {
    if (before === undefined) delete process.env[name]
    else process.env[name] = before
  }
}

function interruption(signal: AbortSignal): string {
  const reason: unknown = signal.reason
  return `interrupted: ${reason instanceof Error ? reason.message : String(reason ?? 'aborted')}`
}

/** Runs the scenario once; throws only when the cluster cannot be started or the scenario does not fit the opened subject. */
export async function runOnce(src: ScenarioSource, d: RunDeps): Promise<RunReport> {
  const { scenario } = src
  const startedAt = d.clock.now()
  const before = d.store.modes()
  const { safety, approval } = scenario.modes
  const applied = d.store.setModes({ safety, approval, reason: `scenario ${src.file}` }, ACTOR)
  const restoreEnv = setEnv('OPERATOR_POLICY', src.policy)
  try {
    if (applied.refused)
      return notStarted(src, d, startedAt, 'refused', `cannot run in ${scenario.modes.safety} mode: ${applied.refused}`)
    let sup: Supervisor
    try {
      const ui = d.ui
      sup = await Supervisor.start({
        module: onRuntime(d.module, scenario.runtime),
        cliPath: d.cliPath,
        home: d.home,
        store: d.store,
        intervalMs: scenario.poll_interval,
        safety: scenario.modes.safety,
        approval: scenario.modes.approval,
        ...((d.brain ?? scenario.modes.brain) ? { brain: d.brain ?? scenario.modes.brain } : {}),
        signal: d.signal,
        recording: {
          kind: ui ? 'demo' : 'scenario',
          meta: { scenario: recordedScenario(src, d) },
        },
        onLine: (source, stream, text, at) => ui?.onLine(source, stream, text, at),
        onChild: (view, at) => {
          ui?.onChild(view, at)
          if (view.status === 'dead')
            d.progress(`!!! ${view.name} died (exit ${view.exit_code}): ${view.last_stderr.at(-1) ?? 'no stderr'}`)
        },
        ...(ui?.onSnapshot ? { onSnapshot: ui.onSnapshot } : {}),
        ...(ui?.onNotice ? { onNotice: ui.onNotice } : {}),
        ...(ui?.onNarration ? { onNarration: ui.onNarration } : {}),
      })
      ui?.attach(sup)
    } catch (err) {
      if (d.signal.aborted)
        return notStarted(src, d, startedAt, 'aborted', `${interruption(d.signal)} while the cluster was starting`)
      throw err
    }
    return await supervise(sup, src, d, startedAt)
  } finally {
    restoreEnv()
    d.store.setModes(
      { safety: before.safety, approval: before.approval, reason: `scenario ${src.file} finished` },
      ACTOR,
    )
  }
}

/** Whether the kill switch has been pulled since now: from then on the scenario changes nothing. */
function killSwitchSince(store: Store): () => string | null {
  const before = store.events({ types: [KILL_SWITCH_EVENT] }).at(-1)?.seq ?? 0
  return () =>
    store.events({ types: [KILL_SWITCH_EVENT], afterSeq: before, limit: 1 }).length > 0
      ? 'kill switch engaged during the run'
      : null
}

/** What the run's recording says about its scenario (its outcome is added at the end). */
function recordedScenario(src: ScenarioSource, d: RunDeps): Record<string, unknown> {
  const paced = d.ui ? { paced_by: d.ui.presenter ? 'presenter' : 'time' } : {}
  return { file: src.file, title: src.scenario.title, runtime: src.scenario.runtime, policy: src.policy, ...paced }
}

function notStarted(
  src: ScenarioSource,
  d: RunDeps,
  startedAt: number,
  outcome: 'aborted' | 'refused',
  reason: string,
): RunReport {
  d.progress(`${outcome}: ${reason}`)
  const ctx: RunContext = {
    scenario: src.scenario,
    invariants: invariantsOf(src.scenario, d.module),
    stopped: { outcome, reason },
    started_at: startedAt,
    ended_at: d.clock.now(),
    initial: null,
    rollbacks: { ran: false, why: 'the cluster never came up: nothing to roll back' },
    children: [],
    members_at_end: null,
  }
  return buildRunReport(null, ctx, d.clock.now())
}

function invariantsOf(s: Scenario, mod: SubjectModule): string[] {
  return s.steady_state.invariants === 'all' ? [...mod.invariants] : [...s.steady_state.invariants]
}

async function supervise(sup: Supervisor, src: ScenarioSource, deps: RunDeps, startedAt: number): Promise<RunReport> {
  const { scenario } = src
  // Progress also goes into the run's recording, so a replay shows the steps and verdicts.
  const d: RunDeps = {
    ...deps,
    progress: (line) => {
      deps.progress(line)
      sup.notice(line, toneOf(line))
    },
  }
  const runId = sup.runId
  const append = (type: string, payload: Record<string, unknown>) =>
    d.store.append({ run_id: runId, actor: ACTOR, type, payload })
  const members = sup.status.members.map((m) => m.name)
  const invariants = invariantsOf(scenario, d.module)
  const seed = freshSeed(d.clock.now())
  const halted = killSwitchSince(d.store)
  const phase: PhaseState = { watch: null, startedAt: null }
  let stopped: RunContext['stopped'] = null
  let initial: InitialSteady | null = null
  let verdict: RunOutcome | null = null
  try {
    append(SCENARIO_EVENTS.started, {
      file: src.file,
      title: scenario.title,
      runtime: scenario.runtime,
      modes: scenario.modes,
      policy: src.policy,
      invariants,
      hold_ms: scenario.steady_state.hold,
      seed,
    })
    const memberNames = sup.status.members.map((m) => m.name).join(' ')
    const leader = `preferred leader ${sup.status.preferred}`
    const modes = `${scenario.modes.safety}/${scenario.modes.approval}`
    d.progress(`cluster ${runId} up on ${scenario.runtime}: ${memberNames} (${leader}); modes ${modes}`)
    const problems = recheckReferences(src.text, src.file, scenario, openedCatalogue(d.module, sup.subject, members))
    if (problems.length > 0)
      throw new OperatorError(
        'config',
        `scenario ${src.file} does not fit run ${runId}:\n${problems.map(formatProblem).join('\n')}\n`,
        'fix the scenario; nothing was injected',
        { code: 'scenario_invalid' },
      )
    const probe = steadyProbe(sup.subject, invariants)
    try {
      d.progress(
        `waiting for the steady state (${invariants.join(', ')}) to hold for ${formatMs(scenario.steady_state.hold)}`,
      )
      sup.narrate(warmingUp(scenario, invariants))
      initial = await awaitSteadyState(
        probe,
        {
          holdMs: scenario.steady_state.hold,
          timeoutMs: scenario.steady_state.timeout,
          intervalMs: scenario.poll_interval,
        },
        d.clock,
        d.signal,
      )
      append(SCENARIO_EVENTS.initialSteady, { ...initial })
      if (!initial.ok) {
        stopped = { outcome: 'refused', reason: `refused to inject into an unhealthy system: ${initial.reason}` }
        d.progress(`refused: ${initial.reason}`)
        sup.narrate(refusedToStart(scenario, initial.reason))
      } else {
        const methodStart = d.ui?.presenter ? 'waits for the presenter' : 'starts'
        const stepCount = `${scenario.method.length} step${scenario.method.length > 1 ? 's' : ''}`
        d.progress(`steady state held after ${formatMs(initial.waited_ms)}; method ${methodStart} (${stepCount})`)
        const failed = await runMethodPhase(
          { scenario, sup, d, members, seed, probe, append, halted, presenter: d.ui?.presenter ?? null },
          phase,
        )
        if (failed !== null) {
          stopped = { outcome: 'aborted', reason: failed }
          d.progress(`aborted: ${failed}`)
        }
      }
    } catch (err) {
      stopped = {
        outcome: 'aborted',
        reason: d.signal.aborted
          ? interruption(d.signal)
          : `error: ${isOperatorError(err) ? err.oneLine() : errorMessage(err)}`,
      }
      d.progress(`aborted: ${stopped.reason}`)
    }
    await phase.watch?.stop()
    const methodStarted = phase.startedAt !== null
    if (methodStarted) append(SCENARIO_EVENTS.observationEnded, { at: d.clock.now() })
    verdict = stopped?.outcome ?? verdictOf(scenario, d, runId)
    const decision = rollbackDecision(scenario.rollback_strategy, verdict, methodStarted, scenario.rollbacks.length)
    if (decision.run) {
      d.progress(`rolling back: ${decision.why}`)
      sup.narrate(rollingBack(scenario, decision.why))
      const recorded = collectRecordedRun(d.store, runId)
      const faulted = recorded.steps.filter((s) => s.kind === 'fault' && s.status === 'ok').flatMap((s) => s.targets)
      await runRollbacks(
        scenario.rollbacks,
        {
          subject: sup.subject,
          store: d.store,
          runId,
          members,
          faulted,
          seed,
          clock: d.clock,
          halted,
          governed: (action, params, label, signal) =>
            runGovernedAction(
              { subject: sup.subject, store: d.store, clock: d.clock, home: d.home, policy: src.policy, author, runId },
              action,
              params,
              label,
              signal,
            ),
        },
        (r) => {
          append(SCENARIO_EVENTS.rollback, { ...r })
          d.progress(stepLine(r))
        },
      )
    } else d.progress(`no rollbacks: ${decision.why}`)
    // The report is made while the cluster is still up (its members' states are part of it), and shown before it goes down.
    const children = sup
      .childViews()
      .map((c) => ({ name: c.name, pid: c.pid, status: c.status, exit_code: c.exit_code, restarts: c.restarts }))
    const ctx: RunContext = {
      scenario,
      invariants,
      stopped,
      started_at: startedAt,
      ended_at: d.clock.now(),
      initial,
      rollbacks: { ran: decision.run, why: decision.why },
      children,
      members_at_end: await memberStates(d, runId),
    }
    const report = buildRunReport(collectRecordedRun(d.store, runId), ctx, d.clock.now())
    append(SCENARIO_EVENTS.finished, {
      outcome: report.outcome,
      reason: report.reason,
      passed: report.expectations.filter((e) => e.status === 'passed').length,
      expectations: report.expectations.length,
    })
    sup.narrate(finished(scenario, report))
    return report
  } finally {
    await phase.watch?.stop()
    d.ui?.attach(null)
    // Stopping ends the run: what of it never started (a proposal still awaiting a person) is cancelled, "run ended".
    await sup.stop({ scenario: { ...recordedScenario(src, deps), outcome: verdict, reason: stopped?.reason ?? null } })
    const cancelled = sup.cancelledAtEnd.map((p) => `${p.id} ${p.action}`)
    if (cancelled.length > 0) deps.progress(`run ended: cancelled ${cancelled.join(', ')} (never executed)`)
    deps.progress(`cluster ${runId} stopped`)
  }
}

function verdictOf(scenario: Scenario, d: RunDeps, runId: string): RunOutcome {
  const results = evaluateExpectations(
    scenario.expect,
    collectRecordedRun(d.store, runId),
    d.clock.now(),
    true,
    scenario.forbid,
  )
  return results.every((r) => r.status === 'passed') ? 'passed' : 'failed'
}

async function memberStates(d: RunDeps, runId: string): Promise<RunReport['members_at_end']> {
  let status: ClusterStatus
  try {
    status = await d.module.status(d.home, runId)
  } catch {
    return null
  }
  return status.members.map((m) => ({ name: m.name, state: m.state, pid: m.pid }))
}
