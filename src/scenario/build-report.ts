/**
 * One run's report from its records: expectations and fault timings
 * evaluated over the recorded run, every proposal with its outcome, plus
 * what only the runner knows (why it stopped, its children, the members at
 * the end).
 */
import { evaluateExpectations } from './evaluate.js'
import { faultTimings } from './fault-timings.js'
import type { RecordedRun } from './recorded-run.js'
import type { RunReport } from './report-schema.js'
import type { Scenario } from './schema.js'
import type { InitialSteady } from './steady-state.js'
import { brokenMs } from './steady-state.js'

export interface RunContext {
  scenario: Scenario
  invariants: readonly string[]
  /** Set when the run did not get to a verdict of its own. */
  stopped: { outcome: 'aborted' | 'refused'; reason: string } | null
  started_at: number
  ended_at: number
  initial: InitialSteady | null
  rollbacks: { ran: boolean; why: string }
  children: RunReport['children']
  members_at_end: RunReport['members_at_end']
}

function proposals(run: RecordedRun): RunReport['proposals'] {
  const base = run.method_started_at
  const after = (ts: number | undefined) => (ts === undefined || base === null ? null : ts - base)
  return run.proposals.map((p) => {
    const executed = run.proposal_events.find((e) => e.type === 'proposal.executed' && e.payload.proposal_id === p.id)
    return {
      id: p.id,
      ticket_id: p.ticket_id,
      ticket_key: run.tickets.find((t) => t.id === p.ticket_id)?.key ?? '',
      action: p.action,
      params: p.params,
      status: p.status,
      reason: p.reason,
      proposed_after_ms: after(p.created_at),
      executed_after_ms: after(executed?.ts),
    }
  })
}

export function buildRunReport(run: RecordedRun | null, ctx: RunContext, now: number): RunReport {
  const expectations = run ? evaluateExpectations(ctx.scenario.expect, run, now, true, ctx.scenario.forbid) : []
  const outcome =
    ctx.stopped?.outcome ??
    (expectations.length > 0 && expectations.every((e) => e.status === 'passed') ? 'passed' : 'failed')
  const end = run?.observation_ended_at ?? now
  const lastSample = run?.steady.filter((s) => s.at <= end).at(-1)
  return {
    run_id: run?.run_id ?? null,
    outcome,
    reason: ctx.stopped?.reason ?? null,
    started_at: ctx.started_at,
    ended_at: ctx.ended_at,
    duration_ms: ctx.ended_at - ctx.started_at,
    method_started_at: run?.method_started_at ?? null,
    modes: ctx.scenario.modes,
    initial_steady_state:
      ctx.initial === null
        ? null
        : {
            ok: ctx.initial.ok,
            waited_ms: ctx.initial.waited_ms,
            violations: ctx.initial.ok ? [] : ctx.initial.violations,
          },
    steady_state: {
      invariants: [...ctx.invariants],
      hold_ms: ctx.scenario.steady_state.hold,
      broken_ms: run?.method_started_at != null ? brokenMs(run.steady, run.method_started_at, end) : 0,
      ok_at_end: lastSample?.ok ?? null,
    },
    steps: run?.steps ?? [],
    faults: run ? faultTimings(run, now) : [],
    expectations,
    tickets: (run?.tickets ?? []).map((t) => ({
      id: t.id,
      key: t.key,
      status: t.status,
      opened_at: t.opened_at,
      resolved_at: t.resolved_at,
    })),
    proposals: run ? proposals(run) : [],
    rollbacks: {
      strategy: ctx.scenario.rollback_strategy,
      ran: ctx.rollbacks.ran,
      why: ctx.rollbacks.why,
      steps: run?.rollbacks ?? [],
    },
    children: ctx.children,
    members_at_end: ctx.members_at_end,
  }
}
