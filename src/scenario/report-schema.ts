/**
 * The report of `operator scenario run` (`--json` prints it; the text is a
 * rendering of it), versioned by schema_version.
 */
import { z } from 'zod'
import { ApprovalMode, ProposalStatusSchema, SafetyMode } from '../core/records.js'
import { StepRecord } from './recorded-run.js'
import { RollbackStrategy } from './schema.js'

export const SCENARIO_REPORT_VERSION = 1

export const ExpectationResultSchema = z.object({
  index: z.number().int(),
  kind: z.enum(['ticket', 'action_executed', 'proposal', 'steady_state', 'no_execution', 'acted_on', 'forbidden']),
  text: z.string(),
  status: z.enum(['passed', 'failed', 'pending']),
  within_ms: z.number().nullable(),
  measured_ms: z.number().nullable(),
  detail: z.string(),
  evidence: z.array(z.string()),
})

export const FaultTimingSchema = z.object({
  step: z.number().int(),
  fault: z.string(),
  targets: z.array(z.string()),
  started_at: z.number(),
  inject_ms: z.number(),
  time_to_detect_ms: z.number().nullable(),
  time_to_repair_ms: z.number().nullable(),
  tickets: z.array(
    z.object({
      id: z.string(),
      key: z.string(),
      status: z.string(),
      opened_after_ms: z.number(),
      resolved_after_ms: z.number().nullable(),
    }),
  ),
})

export const ProposalOutcome = z.object({
  id: z.string(),
  ticket_id: z.string(),
  ticket_key: z.string(),
  action: z.string(),
  params: z.record(z.string(), z.unknown()),
  status: ProposalStatusSchema,
  reason: z.string().nullable(),
  /** After the method started (negative: before it). */
  proposed_after_ms: z.number().nullable(),
  executed_after_ms: z.number().nullable(),
})

export const RunOutcome = z.enum(['passed', 'failed', 'aborted', 'refused'])
export type RunOutcome = z.infer<typeof RunOutcome>

export const RunReport = z.object({
  /** The cluster's run id (null when the cluster never came up). */
  run_id: z.string().nullable(),
  outcome: RunOutcome,
  /** Why it was aborted or refused; null otherwise. */
  reason: z.string().nullable(),
  started_at: z.number(),
  ended_at: z.number(),
  duration_ms: z.number(),
  method_started_at: z.number().nullable(),
  modes: z.object({ safety: SafetyMode, approval: ApprovalMode }),
  initial_steady_state: z
    .object({
      ok: z.boolean(),
      waited_ms: z.number(),
      violations: z.array(z.object({ key: z.string(), message: z.string() })),
    })
    .nullable(),
  steady_state: z.object({
    invariants: z.array(z.string()),
    hold_ms: z.number(),
    /** How long it was broken after the method started. */
    broken_ms: z.number(),
    /** Whether it held at the end of the observation (null: never observed). */
    ok_at_end: z.boolean().nullable(),
  }),
  steps: z.array(StepRecord),
  faults: z.array(FaultTimingSchema),
  expectations: z.array(ExpectationResultSchema),
  tickets: z.array(
    z.object({
      id: z.string(),
      key: z.string(),
      status: z.string(),
      opened_at: z.number(),
      resolved_at: z.number().nullable(),
    }),
  ),
  proposals: z.array(ProposalOutcome),
  rollbacks: z.object({ strategy: RollbackStrategy, ran: z.boolean(), why: z.string(), steps: z.array(StepRecord) }),
  /** The monitor, agent and workload the run spawned, as they were before they were stopped. */
  children: z.array(
    z.object({
      name: z.string(),
      pid: z.number().nullable(),
      status: z.string(),
      exit_code: z.number().nullable(),
      restarts: z.number(),
    }),
  ),
  /** The members' processes after the rollbacks, before the cluster was stopped. */
  members_at_end: z.array(z.object({ name: z.string(), state: z.string(), pid: z.number().nullable() })).nullable(),
})
export type RunReport = z.infer<typeof RunReport>

export const MetricStats = z.object({
  name: z.string(),
  n: z.number().int(),
  median: z.number(),
  p95: z.number(),
  min: z.number(),
  max: z.number(),
})
export type MetricStats = z.infer<typeof MetricStats>

export const ScenarioReport = z.object({
  schema_version: z.literal(SCENARIO_REPORT_VERSION),
  file: z.string(),
  title: z.string(),
  subject: z.string(),
  runtime: z.enum(['process', 'docker']),
  /** The agent's policy file, when the scenario names one (else OPERATOR_POLICY or the built-in policy). */
  policy: z.string().nullable(),
  outcome: RunOutcome,
  runs_requested: z.number().int(),
  runs: z.array(RunReport),
  /** Medians and p95 across runs of every time measured (time to detect, to repair, each expectation). */
  stats: z.array(MetricStats),
})
export type ScenarioReport = z.infer<typeof ScenarioReport>
