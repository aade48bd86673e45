/**
 * The `Boot` object (`operator boot --json`): the canonical state an agent
 * starts from. Every list is bounded and every entry carries what an agent
 * needs to cite it (ids, audit seqs).
 */
import { z } from 'zod'
import { ApprovalMode, ProposalStatusSchema, SafetyMode, TicketStatus } from '../core/records.js'
import { HandoffRecord } from '../store/handoffs.js'
import { EvidenceRef, SchemaVersion } from './common.js'

export const CLUSTER_STATES = ['up', 'degraded', 'down', 'unreachable', 'not_checked'] as const

export const BootCluster = z
  .object({
    /** up: every member answers; degraded: some; down: none, or no cluster; unreachable: the check failed; not_checked: no observer. */
    state: z.enum(CLUSTER_STATES),
    ok: z.boolean(),
    summary: z.string(),
    members: z.array(z.object({ name: z.string(), state: z.string() }).strict()),
  })
  .strict()
export type BootCluster = z.infer<typeof BootCluster>

export const BootTicket = z
  .object({
    id: z.string(),
    run_id: z.string(),
    status: TicketStatus,
    key: z.string(),
    severity: z.enum(['warning', 'critical']),
    message: z.string(),
    claimed_by: z.string().nullable(),
    escalation_reason: z.string().nullable(),
  })
  .strict()

export const BootProposal = z
  .object({
    id: z.string(),
    ticket_id: z.string(),
    status: ProposalStatusSchema,
    version: z.number().int(),
    action: z.string(),
    params: z.record(z.string(), z.unknown()),
    content_hash: z.string(),
    risk: z.string(),
    tier: z.number().int(),
    reason: z.string().nullable(),
  })
  .strict()

export const LEDGER_KINDS = ['approval', 'rejection', 'denial', 'escalation'] as const

/** One decision: who decided what, why, and where in the audit log. */
export const LedgerEntry = z
  .object({
    kind: z.enum(LEDGER_KINDS),
    seq: z.number().int(),
    ts: z.number(),
    actor: z.string(),
    proposal_id: z.string().nullable(),
    ticket_id: z.string().nullable(),
    /** The policy rule that decided, when the event names one. */
    rule_id: z.string().nullable(),
    reason: z.string(),
  })
  .strict()
export type LedgerEntry = z.infer<typeof LedgerEntry>

export const BootEvent = z
  .object({ seq: z.number().int(), ts: z.number(), type: z.string(), actor: z.string(), summary: z.string() })
  .strict()
export type BootEvent = z.infer<typeof BootEvent>

export const CONSISTENCY_CHECKS = ['audit_chain', 'policy_changed_since_handoff', 'agent_dead', 'child_dead'] as const

export const ConsistencyCheck = z
  .object({
    check: z.enum(CONSISTENCY_CHECKS),
    ok: z.boolean(),
    detail: z.string(),
    evidence: z.array(EvidenceRef),
  })
  .strict()
export type ConsistencyCheck = z.infer<typeof ConsistencyCheck>

export const Boot = z
  .object({
    schema_version: SchemaVersion,
    generated_at: z.number(),
    /** Bind a handoff to this (`operator handoff --digest`): the state this boot describes. */
    state_digest: z.string(),
    modes: z
      .object({
        safety: SafetyMode,
        approval: ApprovalMode,
        kill_latched: z.boolean(),
        updated_at: z.number(),
        updated_by: z.string(),
      })
      .strict(),
    cluster: BootCluster,
    tickets: z.array(BootTicket),
    proposals: z.array(BootProposal),
    policy: z.object({ source: z.string(), digest: z.string() }).strict(),
    ledger: z.array(LedgerEntry),
    events: z.array(BootEvent),
    last_handoff: HandoffRecord.nullable(),
    checks: z.array(ConsistencyCheck),
  })
  .strict()
export type Boot = z.infer<typeof Boot>
