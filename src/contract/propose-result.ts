/**
 * What proposing a plan answers (propose.ts): per step its proposal, status
 * and what it waits for, in words and as the command a person runs; and
 * whether an agent is running to execute it once approved.
 */
import { z } from 'zod'
import { DEFAULT_AGENT_SETTINGS } from '../agent/context.js'
import { type Proposal, ProposalStatusSchema, type Ticket } from '../core/records.js'
import { approvalStatus } from '../safety/approval-rules.js'
import { type ContractDeps, SCHEMA_VERSION, SchemaVersion } from './common.js'

export const ProposedStep = z
  .object({
    proposal_id: z.string(),
    step: z.number().int(),
    action: z.string(),
    params: z.record(z.string(), z.unknown()),
    content_hash: z.string(),
    status: ProposalStatusSchema,
    /** What it waits for, in words: `awaiting approval by 1 person: operator approve P-7 --as NAME`. */
    waits_for: z.string(),
    /** The command a person runs next, when there is one. */
    command: z.string().nullable(),
  })
  .strict()

export const ProposeResultSchema = z
  .object({
    schema_version: SchemaVersion,
    ticket_id: z.string(),
    created_by: z.string(),
    /** False when a step failed validation: the plan was not proposed (its other steps are cancelled). */
    accepted: z.boolean(),
    refused: z.string().nullable(),
    proposals: z.array(ProposedStep),
    /** Live agents that can execute it once approved; 0: start `operator agent`. */
    live_agents: z.number().int(),
  })
  .strict()
export type ProposeResult = z.infer<typeof ProposeResultSchema>

export function proposeResult(
  deps: ContractDeps,
  ticket: Ticket,
  proposals: readonly Proposal[],
  refused: string | null,
): ProposeResult {
  const now = deps.clock.now()
  const live = deps.store.liveAgents(now - DEFAULT_AGENT_SETTINGS.staleMs).length
  const executor =
    live > 0 ? 'the running agent executes it through the gate' : 'no agent is running: start `operator agent`'
  return ProposeResultSchema.parse({
    schema_version: SCHEMA_VERSION,
    ticket_id: ticket.id,
    created_by: proposals[0]?.created_by ?? '',
    accepted: refused === null,
    refused,
    proposals: proposals.map((p) => {
      const { waits_for, command } = waitsFor(deps, p, executor, now)
      return {
        proposal_id: p.id,
        step: p.step,
        action: p.action,
        params: p.params,
        content_hash: p.content_hash,
        status: p.status,
        waits_for,
        command,
      }
    }),
    live_agents: live,
  })
}

function waitsFor(
  deps: ContractDeps,
  p: Proposal,
  executor: string,
  now: number,
): { waits_for: string; command: string | null } {
  switch (p.status) {
    case 'awaiting_approval': {
      const status = approvalStatus(p, deps.store.approvals(p.id), deps.store.modes(deps.store.proposalRun(p.id)), now)
      const need = Math.max(1, status.required_people - status.counted.length)
      const who = p.policy?.approvers ? ` (one of: ${p.policy.approvers.join(', ')})` : ''
      const command = `operator approve ${p.id} --as NAME`
      const people = need === 1 ? '1 person' : `${need} people`
      return { waits_for: `awaiting approval by ${people}${who}: ${command}; then ${executor}`, command }
    }
    case 'approved':
      return { waits_for: `approved (${p.policy?.rule_id ?? 'policy'}); ${executor}`, command: null }
    case 'observed':
      return {
        waits_for: 'nothing: observe mode recorded it and nothing executes (a person may switch to execute mode)',
        command: null,
      }
    default:
      return { waits_for: `nothing: ${p.status}${p.reason ? ` — ${p.reason}` : ''}`, command: null }
  }
}
