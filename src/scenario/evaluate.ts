/**
 * Expectations, evaluated over a recorded run. Pure: the same records give
 * the same verdicts, during the run (pending until decided) and after it
 * (final: nothing stays pending). Every time is measured from the start of
 * the method; nothing after the end of the observation counts.
 */
import { actedOn, inOrder } from './acted-on.js'
import { formatMs } from './duration.js'
import type { RecordedRun } from './recorded-run.js'
import type { Expectation } from './schema.js'
import { steadyBack } from './steady-state.js'
import { byDeadline, endedIn, type Verdict } from './verdict.js'

export type { ExpectationStatus } from './verdict.js'
export type ExpectationKind =
  | 'ticket'
  | 'action_executed'
  | 'proposal'
  | 'steady_state'
  | 'no_execution'
  | 'acted_on'
  /** The scenario's `forbid` list, checked as an expectation of its own after the written ones. */
  | 'forbidden'

export interface ExpectationResult extends Verdict {
  index: number
  kind: ExpectationKind
  /** The expectation in words: `ticket members_healthy within 30s`. */
  text: string
  within_ms: number | null
}

export function kindOf(e: Expectation): ExpectationKind {
  if ('ticket' in e) return 'ticket'
  if ('action_executed' in e) return 'action_executed'
  if ('proposal' in e) return 'proposal'
  if ('steady_state_within' in e) return 'steady_state'
  if ('acted_on' in e) return 'acted_on'
  return 'no_execution'
}

export function describeExpectation(e: Expectation): string {
  if ('ticket' in e) return `ticket ${e.ticket} within ${formatMs(e.within)}`
  if ('action_executed' in e) return `${e.action_executed} executed within ${formatMs(e.within)}`
  if ('proposal' in e) return `${e.proposal} proposed and ${e.status} within ${formatMs(e.within)}`
  if ('steady_state_within' in e) return `steady state back within ${formatMs(e.steady_state_within)}`
  if ('acted_on' in e) return `acted on ${inOrder(e.acted_on)}, and no other member, within ${formatMs(e.within)}`
  return e.during === undefined ? 'no execution during the run' : `no execution for ${formatMs(e.during)}`
}

function withinOf(e: Expectation): number | null {
  if ('within' in e) return e.within
  if ('steady_state_within' in e) return e.steady_state_within
  return e.during ?? null
}

function proposalEvent(run: RecordedRun, type: string, action: string, base: number, end: number) {
  const e = run.proposal_events.find(
    (ev) => ev.type === type && ev.payload.action === action && ev.ts >= base && ev.ts <= end,
  )
  return e === undefined
    ? undefined
    : {
        at: e.ts,
        id: String(e.payload.proposal_id),
        what: `${String(e.payload.proposal_id)} ${action} ${type.replace('proposal.', '')}`,
      }
}

function steady(run: RecordedRun, within: number, base: number, end: number, final: boolean): Verdict {
  const from = Math.max(base, ...run.steps.map((s) => s.done_at))
  const back = steadyBack(run.steady, from, run.hold_ms, end)
  const deadline = base + within
  if (back.status === 'back') {
    const measured = back.at - base
    const status = back.at <= deadline ? 'passed' : 'failed'
    const late = status === 'failed' ? ` (later than ${formatMs(within)})` : ''
    return {
      status,
      measured_ms: measured,
      detail: `steady state back after ${formatMs(measured)} and held ${formatMs(run.hold_ms)}${late}`,
      evidence: [],
    }
  }
  if (back.status === 'holding' && back.since > deadline) {
    return {
      status: 'failed',
      measured_ms: back.since - base,
      detail: `steady state back only after ${formatMs(back.since - base)}`,
      evidence: [],
    }
  }
  if (final || (back.status === 'broken' && end > deadline)) {
    const detail =
      back.status === 'holding'
        ? `steady state back after ${formatMs(back.since - base)} but the run ended before it held ${formatMs(run.hold_ms)}`
        : `steady state not back ${endedIn(base, within, end)}`
    return { status: 'failed', measured_ms: null, detail, evidence: [] }
  }
  return {
    status: 'pending',
    measured_ms: null,
    detail:
      back.status === 'holding' ? `holding since ${formatMs(back.since - base)}` : 'waiting: steady state still broken',
    evidence: [],
  }
}

function noExecution(run: RecordedRun, during: number | undefined, base: number, end: number, final: boolean): Verdict {
  const executions = run.proposal_events.filter((e) => e.type === 'proposal.executing' && e.ts <= end)
  if (executions.length > 0) {
    const what = executions.map((e) => `${String(e.payload.proposal_id)} ${String(e.payload.action)}`)
    return {
      status: 'failed',
      measured_ms: executions.length,
      detail: `${executions.length} execution${executions.length > 1 ? 's' : ''}: ${what.join(', ')}`,
      evidence: executions.map((e) => String(e.payload.proposal_id)),
    }
  }
  const done = final || (during !== undefined && end >= base + during)
  return {
    status: done ? 'passed' : 'pending',
    measured_ms: 0,
    detail: done ? 'nothing was executed' : 'nothing executed so far',
    evidence: [],
  }
}

function verdict(e: Expectation, run: RecordedRun, base: number, end: number, final: boolean): Verdict {
  if ('ticket' in e) {
    const t = run.tickets
      .filter((x) => (x.invariant === e.ticket || x.key === e.ticket) && x.opened_at >= base && x.opened_at <= end)
      .sort((a, b) => a.opened_at - b.opened_at)[0]
    return byDeadline(
      t && { at: t.opened_at, id: t.id, what: `${t.id} ${t.key} opened` },
      base,
      e.within,
      end,
      final,
      `no ticket for ${e.ticket}`,
    )
  }
  if ('action_executed' in e)
    return byDeadline(
      proposalEvent(run, 'proposal.executed', e.action_executed, base, end),
      base,
      e.within,
      end,
      final,
      `no ${e.action_executed} executed`,
    )
  if ('proposal' in e)
    return byDeadline(
      proposalEvent(run, `proposal.${e.status}`, e.proposal, base, end),
      base,
      e.within,
      end,
      final,
      `no ${e.proposal} proposal ${e.status}`,
    )
  if ('steady_state_within' in e) return steady(run, e.steady_state_within, base, end, final)
  if ('acted_on' in e) return actedOn(e.acted_on, e.within, run, base, end, final)
  return noExecution(run, e.during, base, end, final)
}

/** No action of the scenario's `forbid` list executed from the method's start to the end of the observation. */
function forbidden(forbid: readonly string[], run: RecordedRun, base: number, end: number, final: boolean): Verdict {
  const hits = run.proposal_events.filter(
    (e) => e.type === 'proposal.executing' && forbid.includes(String(e.payload.action)) && e.ts >= base && e.ts <= end,
  )
  if (hits.length > 0)
    return {
      status: 'failed',
      measured_ms: hits.length,
      detail: `forbidden by the scenario, executed: ${hits.map((e) => `${String(e.payload.proposal_id)} ${String(e.payload.action)}`).join(', ')}`,
      evidence: hits.map((e) => String(e.payload.proposal_id)),
    }
  return {
    status: final ? 'passed' : 'pending',
    measured_ms: 0,
    detail: final ? 'none executed' : 'none executed so far',
    evidence: [],
  }
}

/**
 * Every expectation's verdict at `now`, then — when the scenario forbids
 * actions — whether any of them executed. With final, the observation is over
 * (at its recorded end, or now): what has not happened has failed.
 */
export function evaluateExpectations(
  expect: readonly Expectation[],
  run: RecordedRun,
  now: number,
  final: boolean,
  forbid: readonly string[] = [],
): ExpectationResult[] {
  const end = final ? (run.observation_ended_at ?? now) : now
  const started = run.method_started_at
  const written = expect.map((e, index) => {
    const base = { index, kind: kindOf(e), text: describeExpectation(e), within_ms: withinOf(e) }
    if (started === null)
      return { ...base, status: 'failed' as const, measured_ms: null, detail: 'the method never started', evidence: [] }
    return { ...base, ...verdict(e, run, started, end, final) }
  })
  if (forbid.length === 0) return written
  const base = {
    index: expect.length,
    kind: 'forbidden' as const,
    text: `none of ${forbid.join(', ')} executed`,
    within_ms: null,
  }
  const none = { status: 'failed' as const, measured_ms: null, detail: 'the method never started', evidence: [] }
  return [...written, { ...base, ...(started === null ? none : forbidden(forbid, run, started, end, final)) }]
}

/** Whether the run can stop observing: every verdict is in (no_execution over the whole run and the forbid list wait for the others). */
export function allDecided(expect: readonly Expectation[], results: readonly ExpectationResult[]): boolean {
  return results.every((r, i) => {
    const e = expect[i]
    if (r.status !== 'pending' || r.kind === 'forbidden') return true
    return e !== undefined && 'no_execution' in e && e.during === undefined
  })
}

/** The latest moment any expectation can still be decided, after the method started. */
export function observationLimitMs(expect: readonly Expectation[], holdMs: number): number {
  return Math.max(0, ...expect.map((e) => withinOf(e) ?? 0)) + holdMs + 1000
}
