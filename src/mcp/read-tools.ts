/**
 * The read-only tools (annotated `readOnlyHint`): the cluster's status and
 * observation, tickets, proposals, one proposal as a person approving it
 * sees it, which policy rule applies to an action, a member's log (redacted)
 * and the audit log's verification. The contract's own views (explain,
 * timeline, next, boot) are in contract-tools.ts.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { z } from 'zod'
import { SCHEMA_VERSION } from '../contract/common.js'
import { explainPolicy } from '../contract/policy-explain.js'
import { proposalView } from '../contract/proposal-view.js'
import { ProposalStatusSchema, TicketStatus } from '../core/records.js'
import { redactText } from '../core/redact.js'
import { auditVerify } from './audit-verify.js'
import type { McpDeps } from './deps.js'
import { answer } from './result.js'
import { statusOf } from './status.js'

export const READ_ONLY = { readOnlyHint: true, destructiveHint: false, openWorldHint: false } as const

const Id = (what: string, example: string) => z.string().min(1).describe(`${what}, e.g. ${example}`)
const Risk = z.enum(['low', 'medium', 'high', 'critical'])

export function registerReadTools(server: McpServer, deps: McpDeps): void {
  const { store } = deps
  server.registerTool(
    'status',
    {
      description: 'Modes, kill latch, live agents, the cluster members and one fresh observation with its violations.',
      inputSchema: z.strictObject({}),
      annotations: READ_ONLY,
    },
    () => answer(() => statusOf(deps)),
  )
  server.registerTool(
    'tickets',
    {
      description: 'Tickets (one per broken invariant and run) with status, severity, message and escalation reason.',
      inputSchema: z.strictObject({ status: z.array(TicketStatus).optional().describe('only these statuses') }),
      annotations: READ_ONLY,
    },
    ({ status }) =>
      answer(() => ({ schema_version: SCHEMA_VERSION, tickets: store.tickets(status ? { status } : {}) })),
  )
  server.registerTool(
    'proposals',
    {
      description: 'Proposals with status, action, params, risk and who created them; filter by status or ticket.',
      inputSchema: z.strictObject({
        status: z.array(ProposalStatusSchema).optional().describe('only these statuses'),
        ticket_id: Id('only this ticket', 'T-3').optional(),
      }),
      annotations: READ_ONLY,
    },
    ({ status, ticket_id }) =>
      answer(() => ({
        schema_version: SCHEMA_VERSION,
        proposals: store.proposals({ ...(status ? { status } : {}), ...(ticket_id ? { ticketId: ticket_id } : {}) }),
      })),
  )
  server.registerTool(
    'proposal',
    {
      description:
        'One proposal exactly as a person approving it sees it: action, params, content hash, policy rule, risk, approvals counted, tokens.',
      inputSchema: z.strictObject({ id: Id('proposal id', 'P-7') }),
      annotations: READ_ONLY,
    },
    ({ id }) => answer(() => ({ schema_version: SCHEMA_VERSION, ...proposalView(store, id, deps.clock.now()) })),
  )
  server.registerTool(
    'policy_explain',
    {
      description: 'Which policy rule applies to an action under the policy in force, on which risk, and why.',
      inputSchema: z.strictObject({
        action: z.string().min(1).describe('action name, e.g. restart_member'),
        params: z.record(z.string(), z.unknown()).optional().describe('action params, checked against the action'),
        factors: z.array(z.string().min(1)).default([]).describe('parameter factors, e.g. "targets the leader m1"'),
        risk: Risk.optional().describe('match on this risk instead'),
      }),
      annotations: READ_ONLY,
    },
    ({ action, params, factors, risk }) =>
      answer(() => ({
        schema_version: SCHEMA_VERSION,
        ...explainPolicy(deps.policy, { subject: deps.subjectModule.name, action, params, factor: factors, risk }),
      })),
  )
  server.registerTool(
    'member_log',
    {
      description: "The decisive lines (warnings, errors) of one member's own log, the last N of them, redacted.",
      inputSchema: z.strictObject({
        member: z.string().min(1).describe('member name, e.g. m2'),
        lines: z.number().int().min(1).max(200).default(40),
      }),
      annotations: READ_ONLY,
    },
    ({ member, lines }) =>
      answer(async () => {
        const subject = await deps.subject()
        if (!subject.logTail) return { schema_version: SCHEMA_VERSION, member, lines: [], note: 'no member logs' }
        const tail = await subject.logTail(member, lines)
        return { schema_version: SCHEMA_VERSION, member, lines: tail.map(redactText) }
      }),
  )
  server.registerTool(
    'audit_verify',
    {
      description:
        'Walk the hash-chained audit log and hold it to its head anchor; ok false names the first broken link.',
      inputSchema: z.strictObject({}),
      annotations: READ_ONLY,
    },
    () => answer(() => auditVerify(deps)),
  )
}
