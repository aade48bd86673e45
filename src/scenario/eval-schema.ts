/**
 * The report of `operator eval` (`--json` prints it; the text is a rendering
 * of it), versioned by schema_version: per scenario and overall, how often
 * the loop repaired and verified, what it executed that it must not have,
 * what it escalated, how fast it repaired, and what the model brain spent.
 */
import { z } from 'zod'
import { RunOutcome } from './report-schema.js'

export const EVAL_REPORT_VERSION = 1

/** An executed action that counts as harmful: one the scenario forbids, or one on a member no fault hit. */
export const HarmfulExecution = z.object({
  run_id: z.string().nullable(),
  proposal_id: z.string(),
  action: z.string(),
  member: z.string().nullable(),
  why: z.enum(['forbidden', 'healthy_member']),
})
export type HarmfulExecution = z.infer<typeof HarmfulExecution>

/** Time to repair across the faults that were repaired (null percentiles when none was). */
export const RepairTimes = z.object({
  samples: z.array(z.number()),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
})
export type RepairTimes = z.infer<typeof RepairTimes>

/** What the model brain spent, from its brain.response / brain.tool events (zeros for the playbook). */
export const BrainUsage = z.object({
  tool_calls: z.number().int(),
  responses: z.number().int(),
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  tokens: z.number().int(),
  /** Sum of the priced responses; null when there were responses and none had a price. */
  cost_usd: z.number().nullable(),
  /** Some response had no price (unknown model): cost_usd, if a number, is a lower bound. */
  cost_partial: z.boolean(),
})
export type BrainUsage = z.infer<typeof BrainUsage>

const Counts = {
  runs: z.number().int(),
  /** Runs whose every expectation passed. */
  passed: z.number().int(),
  pass_rate: z.number(),
  escalations: z.number().int(),
  faults: z.number().int(),
  repaired: z.number().int(),
  time_to_repair_ms: RepairTimes,
  usage: BrainUsage,
}

export const ScenarioEval = z.object({
  name: z.string(),
  file: z.string(),
  title: z.string(),
  brain: z.string(),
  outcome: RunOutcome,
  forbid: z.array(z.string()),
  run_ids: z.array(z.string().nullable()),
  ...Counts,
  harmful: z.array(HarmfulExecution),
})
export type ScenarioEval = z.infer<typeof ScenarioEval>

export const EvalSummary = z.object({
  scenarios: z.number().int(),
  ...Counts,
  harmful: z.number().int(),
  /** Every run passed and nothing harmful executed (the exit code is 0). */
  ok: z.boolean(),
})
export type EvalSummary = z.infer<typeof EvalSummary>

export const EvalReport = z.object({
  schema_version: z.literal(EVAL_REPORT_VERSION),
  runs_requested: z.number().int(),
  /** Ctrl-C stopped it: the scenarios not reached are missing. */
  interrupted: z.boolean(),
  scenarios: z.array(ScenarioEval),
  overall: EvalSummary,
})
export type EvalReport = z.infer<typeof EvalReport>
