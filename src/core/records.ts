/**
 * The durable records shared through the database: tickets, proposals,
 * approvals, modes, agents. Row shapes are validated with these schemas when
 * read back, and the same objects are what `--json` prints.
 */
import { z } from 'zod'
import { PROPOSAL_STATUSES } from './proposal-machine.js'

export const SafetyMode = z.enum(['observe', 'execute'])
export type SafetyMode = z.infer<typeof SafetyMode>
export const ApprovalMode = z.enum(['manual', 'auto'])
export type ApprovalMode = z.infer<typeof ApprovalMode>

export const Modes = z.object({
  safety: SafetyMode,
  approval: ApprovalMode,
  /** Set by the kill switch; only an explicit `operator mode execute` clears it. */
  kill_latched: z.boolean(),
  updated_at: z.number(),
  updated_by: z.string(),
  /** When these are one run's modes and the run has its own settings (null: it follows the global one). */
  run: z
    .object({
      run_id: z.string(),
      safety: SafetyMode.nullable(),
      approval: ApprovalMode.nullable(),
      kill_latched: z.boolean(),
    })
    .optional(),
})
export type Modes = z.infer<typeof Modes>

export const TicketStatus = z.enum(['open', 'in_progress', 'escalated', 'resolved'])
export type TicketStatus = z.infer<typeof TicketStatus>

export const Ticket = z.object({
  id: z.string(),
  run_id: z.string(),
  subject: z.string(),
  key: z.string(),
  invariant: z.string(),
  severity: z.enum(['warning', 'critical']),
  target: z.string().nullable(),
  message: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  status: TicketStatus,
  occurrences: z.number().int(),
  opened_at: z.number(),
  last_seen_at: z.number(),
  resolved_at: z.number().nullable(),
  /** Agent id holding the claim while in_progress. */
  claimed_by: z.string().nullable(),
  /** Why a person is needed, when escalated. */
  escalation_reason: z.string().nullable(),
  /** The root violation's key this ticket follows from (never acted on while set); null: a root. */
  cause_key: z.string().nullable().default(null),
  /** The root's ticket, once it has one. */
  cause_ticket: z.string().nullable().default(null),
  /** Why it is a root or a consequence, in words. */
  triage_reason: z.string().nullable().default(null),
  /** Roots with a higher priority are claimed first. */
  priority: z.number().int().default(0),
  version: z.number().int(),
  /** Raised each time the ticket changes hands: the fencing token the gate checks against its holder's. */
  lease: z.number().int().default(0),
})
export type Ticket = z.infer<typeof Ticket>

export const ProposalStatusSchema = z.enum(PROPOSAL_STATUSES)

/** How an approver name is checked: the OS user it must come from, the Ed25519 key it must be signed with (base64 SPKI DER). */
export const ApproverIdentity = z.object({ os_user: z.string().optional(), public_key: z.string().optional() })
export type ApproverIdentity = z.infer<typeof ApproverIdentity>

export const RiskLevel = z.enum(['low', 'medium', 'high', 'critical'])

/** What the policy decided for a proposal at validation (and is checked again at execution). */
export const PolicyDecision = z.object({
  rule_id: z.string(),
  decision: z.enum(['allow', 'require_approval', 'deny']),
  /** Distinct people needed (0: the system may approve under `allow` in auto mode). */
  min_approvals: z.number().int().min(0),
  /** Only these may approve, when set. */
  approvers: z.array(z.string()).nullable(),
  approval_ttl_ms: z.number().int().positive().nullable(),
  /** sha256 of the policy's canonical JSON: which policy decided. */
  policy_digest: z.string(),
  /** Where the policy came from: a file path, or `built-in`. */
  source: z.string(),
  reason: z.string(),
  /** The policy's approver identities (absent when it maps none). */
  identities: z.record(z.string(), ApproverIdentity).optional(),
  /** The risk the rule was matched on: the proposal's effective risk (absent on decisions older than it). */
  matched_risk: RiskLevel.optional(),
  /** Why that risk, e.g. `base medium raised by: targets the leader m1`. */
  risk_basis: z.string().optional(),
})
export type PolicyDecision = z.infer<typeof PolicyDecision>

/** How risky a proposal is: the action's base risk raised by its params and by recent activity. */
export const RiskAssessment = z.object({
  base: RiskLevel,
  effective: RiskLevel,
  /** Why the params raised it (targets the leader, removes capacity, …). */
  param_factors: z.array(z.string()),
  /** Session risk score over the sliding window, 0–100. */
  session_score: z.number(),
  session_factors: z.array(z.string()),
  /** Extra approvals the score requires; `deny` above the deny threshold. */
  extra_approvals: z.number().int().min(0),
  deny: z.boolean(),
})
export type RiskAssessment = z.infer<typeof RiskAssessment>

export const Proposal = z.object({
  id: z.string(),
  ticket_id: z.string(),
  /** Which candidate of the ticket's plan (0-based), and which step of it. */
  attempt: z.number().int(),
  step: z.number().int(),
  steps: z.number().int(),
  action: z.string(),
  params: z.record(z.string(), z.unknown()),
  content_hash: z.string(),
  risk: z.enum(['low', 'medium', 'high', 'critical']),
  tier: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  rationale: z.string(),
  policy: PolicyDecision.nullable(),
  risk_assessment: RiskAssessment.nullable(),
  status: ProposalStatusSchema,
  /** Why it ended where it did (validation errors, denial reason, failure). */
  reason: z.string().nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
  created_by: z.string(),
  created_at: z.number(),
  updated_at: z.number(),
  version: z.number().int(),
})
export type Proposal = z.infer<typeof Proposal>

export const Approval = z.object({
  id: z.number().int(),
  proposal_id: z.string(),
  actor: z.string(),
  decision: z.enum(['approve', 'reject']),
  comment: z.string().nullable(),
  content_hash: z.string(),
  created_at: z.number(),
  /** After this an approval no longer counts (policy approval_ttl). */
  expires_at: z.number().nullable(),
  /** Set when the approver took it back before execution. */
  revoked_at: z.number().nullable(),
  /** The OS user (uid, login name) of the process that recorded it; null on rows older than identities. */
  os_uid: z.number().int().nullable().default(null),
  os_user: z.string().nullable().default(null),
  /** sha256 (hex) of the public key that signed it, when the policy names a key for the approver. */
  key_fingerprint: z.string().nullable().default(null),
  /** Ed25519 signature (base64) over {proposal_id, content_hash, actor, decision}: checkable with the public key. */
  key_signature: z.string().nullable().default(null),
})
export type Approval = z.infer<typeof Approval>

/** A single-use execution token, issued when a proposal's approvals are complete. */
export const ExecutionToken = z.object({
  id: z.string(),
  proposal_id: z.string(),
  content_hash: z.string(),
  scope: z.string(),
  issued_at: z.number(),
  expires_at: z.number(),
  /** HMAC-SHA256 (hex) over the canonical JSON of {id, proposal_id, content_hash, scope, expires_at}. */
  signature: z.string(),
  consumed_at: z.number().nullable(),
  consumed_by: z.string().nullable(),
  revoked_at: z.number().nullable(),
  revoked_reason: z.string().nullable(),
})
export type ExecutionToken = z.infer<typeof ExecutionToken>

export const AgentRecord = z.object({
  id: z.string(),
  pid: z.number().int(),
  host: z.string(),
  subject: z.string(),
  /** The run it works on (null for agents recorded before runs were kept). */
  run_id: z.string().nullable().default(null),
  started_at: z.number(),
  heartbeat_at: z.number(),
  stopped_at: z.number().nullable(),
})
export type AgentRecord = z.infer<typeof AgentRecord>

/** One row of the append-only audit log. */
export const AuditEvent = z.object({
  seq: z.number().int(),
  ts: z.number(),
  run_id: z.string().nullable(),
  actor: z.string(),
  type: z.string(),
  payload: z.record(z.string(), z.unknown()),
  prev_hash: z.string(),
  hash: z.string(),
})
export type AuditEvent = z.infer<typeof AuditEvent>

/** What a caller supplies to append an event; the store adds seq, ts and hashes. */
export interface NewEvent {
  run_id: string | null
  actor: string
  type: string
  payload: Record<string, unknown>
}
