/**
 * What `operator explain ID --json` prints: one object per kind of id. A
 * proposal: its blocking reasons in triage order. A ticket: its state, the
 * root cause of an escalation or failure, its proposals and what blocks
 * them. A run: its status and each ticket in brief.
 */
import { z } from 'zod'
import { ProposalStatusSchema, TicketStatus } from '../core/records.js'
import { BlockingCode, BlockingReason } from './blocking-codes.js'
import { EvidenceRef, SchemaVersion } from './common.js'

export const ProposalExplanation = z
  .object({
    schema_version: SchemaVersion,
    kind: z.literal('proposal'),
    id: z.string(),
    ticket_id: z.string(),
    run_id: z.string().nullable(),
    action: z.string(),
    params: z.record(z.string(), z.unknown()),
    status: ProposalStatusSchema,
    /** False when the only reason is `none`. */
    blocked: z.boolean(),
    /** Every reason that holds, in triage order (BLOCKING_CODES); `none` alone when nothing blocks it. */
    reasons: z.array(BlockingReason).min(1),
  })
  .strict()
export type ProposalExplanation = z.infer<typeof ProposalExplanation>

/** Why a ticket escalated or its repair failed: what a person reads first. */
export const RootCause = z
  .object({
    /** The escalation reason (`candidates_exhausted`, `kill_switch`, `observe_mode`, …) or the proposal's end (`failed`, `verify_failed`). */
    code: z.string(),
    summary: z.string(),
    /** The last failed proposal's error, redacted. */
    error: z.string().nullable(),
    advice: z.string().nullable(),
    /** The decisive log lines it carries, redacted. */
    excerpts: z.array(z.string()),
    proposal_id: z.string().nullable(),
    evidence: z.array(EvidenceRef),
  })
  .strict()
export type RootCause = z.infer<typeof RootCause>

export const ProposalBrief = z
  .object({ id: z.string(), action: z.string(), status: ProposalStatusSchema, reasons: z.array(BlockingReason) })
  .strict()

export const TicketExplanation = z
  .object({
    schema_version: SchemaVersion,
    kind: z.literal('ticket'),
    id: z.string(),
    run_id: z.string(),
    key: z.string(),
    status: TicketStatus,
    severity: z.enum(['warning', 'critical']),
    message: z.string(),
    opened_at: z.number(),
    resolved_at: z.number().nullable(),
    /** Why it is in its status, from its latest event. */
    status_reason: z.string().nullable(),
    /** The root ticket (or key) it follows from, when it is a consequence. */
    follows: z.string().nullable(),
    root_cause: RootCause.nullable(),
    proposals: z.array(ProposalBrief),
    evidence: z.array(EvidenceRef),
  })
  .strict()
export type TicketExplanation = z.infer<typeof TicketExplanation>

export const TicketBrief = z
  .object({
    id: z.string(),
    key: z.string(),
    status: TicketStatus,
    /** One line: the root cause, what blocks its proposals, or how it was resolved. */
    summary: z.string(),
    /** The blocking codes of its newest proposal (empty without one). */
    codes: z.array(BlockingCode),
  })
  .strict()

export const RunExplanation = z
  .object({
    schema_version: SchemaVersion,
    kind: z.literal('run'),
    id: z.string(),
    status: z.enum(['running', 'ended']),
    started_at: z.number(),
    ended_at: z.number().nullable(),
    tickets: z.array(TicketBrief),
    evidence: z.array(EvidenceRef),
  })
  .strict()
export type RunExplanation = z.infer<typeof RunExplanation>

export const Explanation = z.discriminatedUnion('kind', [ProposalExplanation, TicketExplanation, RunExplanation])
export type Explanation = z.infer<typeof Explanation>
