/**
 * The two tools that change state, and only this much: `propose` records a
 * plan for a ticket as proposals by `mcp:<client>`, which go through the same
 * validation, approval by people and gate as the agent's own (the running
 * agent executes them once approved); `handoff` records what this session
 * leaves for the next. No tool approves, rejects, changes modes, applies a
 * policy patch or lifts the kill switch: those stay with people.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { z } from 'zod'
import { EXTERNAL_PREFIX } from '../agent/external-plans.js'
import { handoff } from '../contract/handoff.js'
import { proposePlan } from '../contract/propose.js'
import type { McpDeps } from './deps.js'
import { answer } from './result.js'

const CHANGES_STATE = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false }

const Step = z.strictObject({
  action: z.string().min(1).describe('a catalogue action, e.g. restart_member'),
  params: z.record(z.string(), z.unknown()).default({}).describe('its params, e.g. {"member":"m2"}'),
})
const ProposeInput = z.strictObject({
  ticket_id: z.string().min(1).describe('the ticket the plan repairs, e.g. T-3'),
  steps: z.array(Step).min(1).max(8).describe('run in order; verified after the last'),
  rationale: z.string().min(1).max(2000).describe('why this plan repairs the ticket'),
  evidence: z.record(z.string(), z.unknown()).default({}).describe('what the plan rests on'),
})
const Line = z.string().trim().min(1).max(2000)
const HandoffInput = z.strictObject({
  summary: z.string().trim().min(1).max(8000).describe('what this session did and where it stands'),
  tasks: z.array(Line).max(50).default([]).describe('what is left to do'),
  risks: z.array(Line).max(50).default([]),
  unknowns: z.array(Line).max(50).default([]),
  digest: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be a state digest (64 hex digits) from the boot tool')
    .optional()
    .describe('the state digest of the boot this session started from'),
  run_id: z.string().min(1).optional(),
})

/** Who the client is, as `created_by`: `mcp:<its name>`, kept to safe characters. */
export function proposerName(clientName: string): string {
  const safe = clientName.replace(/[^A-Za-z0-9._@-]+/g, '-').slice(0, 64) || 'unknown'
  return `${EXTERNAL_PREFIX}${safe}`
}

export function registerWriteTools(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'propose',
    {
      description:
        'Propose a plan for a ticket. Its steps become proposals that go through validation, the policy, approval by people and the execution gate, exactly like the agent’s own; the result says what each waits for (usually a person: `operator approve P-… --as NAME`). The running agent executes it once approved. This tool cannot approve or execute anything.',
      inputSchema: ProposeInput,
      annotations: CHANGES_STATE,
    },
    (input) =>
      answer(async () => {
        const subject = await deps.subject()
        const plan = {
          ticketId: input.ticket_id,
          steps: input.steps,
          rationale: input.rationale,
          evidence: input.evidence,
          createdBy: proposerName(deps.clientName()),
        }
        return proposePlan({ ...deps, subject }, plan, deps.signal)
      }),
  )
  server.registerTool(
    'handoff',
    {
      description:
        'Record what this session leaves for the next (summary, tasks, risks, unknowns), bound to the state digest of its boot.',
      inputSchema: HandoffInput,
      annotations: CHANGES_STATE,
    },
    (input) =>
      answer(() =>
        handoff(deps, {
          by: proposerName(deps.clientName()),
          summary: input.summary,
          tasks: input.tasks,
          risks: input.risks,
          unknowns: input.unknowns,
          ...(input.digest ? { digest: input.digest } : {}),
          ...(input.run_id ? { run_id: input.run_id } : {}),
        }),
      ),
  )
}
