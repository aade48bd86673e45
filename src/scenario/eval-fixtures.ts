/** Run reports and brain events for the tests of operator eval's numbers and text. */
import type { BrainEvent } from './eval-report.js'
import type { RunReport, ScenarioReport } from './report-schema.js'

type Proposal = RunReport['proposals'][number]
type Fault = RunReport['faults'][number]

export function proposal(id: string, action: string, member: string | null, more: Partial<Proposal> = {}): Proposal {
  const params = member === null ? {} : { member }
  const base = { id, ticket_id: 't1', ticket_key: 'members_healthy:m2', action, params, status: 'verified' as const }
  return { ...base, reason: null, proposed_after_ms: 100, executed_after_ms: 200, ...more }
}

export function fault(targets: string[], repair: number | null): Fault {
  const timing = { inject_ms: 5, time_to_detect_ms: 500, time_to_repair_ms: repair, tickets: [] }
  return { step: 0, fault: targets.length ? 'kill_member' : 'fill_quota', targets, started_at: 0, ...timing }
}

export function run(id: string, r: Partial<RunReport> = {}): RunReport {
  return {
    run_id: id,
    outcome: 'passed',
    reason: null,
    started_at: 0,
    ...{ ended_at: 10, duration_ms: 10, method_started_at: 0 },
    modes: { safety: 'execute', approval: 'auto' },
    initial_steady_state: null,
    steady_state: { invariants: [], hold_ms: 0, broken_ms: 0, ok_at_end: true },
    steps: [],
    faults: [fault(['m2'], 1000)],
    expectations: [],
    tickets: [],
    proposals: [proposal('p1', 'restart_member', 'm2')],
    rollbacks: { strategy: 'always', ran: false, why: '', steps: [] },
    ...{ children: [], members_at_end: null },
    ...r,
  }
}

export function report(runs: RunReport[]): ScenarioReport {
  const head = { schema_version: 1 as const, file: 'scenarios/x.yaml', title: 'X', subject: 'etcd' }
  return { ...head, runtime: 'process', policy: null, outcome: 'passed', runs_requested: runs.length, runs, stats: [] }
}

export const response = (run_id: string, input: number, output: number, cost: number | null): BrainEvent => ({
  run_id,
  type: 'brain.response',
  payload: { usage: { input_tokens: input, output_tokens: output }, cost_usd: cost },
})
export const tool = (run_id: string): BrainEvent => ({ run_id, type: 'brain.tool', payload: { tool: 'propose' } })
