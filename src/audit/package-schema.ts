/**
 * The audit package (DESIGN.md, "Audit log"): one JSON document that binds
 * what was asked (request), which rule decided (policy), who approved
 * (approvals), the execution token, what ran (execution), what was checked
 * afterwards (verification) and the stretch of the hash chain that recorded
 * it all (chain), and since schema_version 2 the log's head anchor at export
 * (anchor). Each part carries the sha256 of its data's canonical JSON;
 * `binding_digest` is the sha256 over all parts together. Versioned by
 * `schema_version`; `package.schema.json` (the version written) is generated
 * from this file; version 1 packages (no anchor part) still verify.
 */
import { z } from 'zod'
import {
  Approval,
  ExecutionToken,
  PolicyDecision,
  ProposalStatusSchema,
  RiskAssessment,
  Ticket,
} from '../core/records.js'

export const AUDIT_PACKAGE_SCHEMA_VERSION = 2
export const AUDIT_PACKAGE_KIND = 'operator.audit_package'

/** Lowercase hex sha256. */
export const Digest = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits')

/** The proposal as asked for, and the ticket it answers. */
export const RequestData = z.strictObject({
  proposal_id: z.string(),
  ticket: z.strictObject(
    Ticket.pick({
      id: true,
      run_id: true,
      subject: true,
      key: true,
      invariant: true,
      severity: true,
      target: true,
      message: true,
      opened_at: true,
    }).shape,
  ),
  action: z.string(),
  params: z.record(z.string(), z.unknown()),
  /** sha256 of canonical JSON {action, params}: what approvals and the token are bound to. */
  content_hash: Digest,
  risk: z.enum(['low', 'medium', 'high', 'critical']),
  tier: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  risk_assessment: z.strictObject(RiskAssessment.shape).nullable(),
  rationale: z.string(),
  attempt: z.number().int(),
  step: z.number().int(),
  steps: z.number().int(),
  created_by: z.string(),
  created_at: z.number(),
})

/** The policy decision on the proposal (null for proposals older than policies). */
export const PolicyData = z.strictObject(PolicyDecision.shape).nullable()

export const PackagedApproval = z.strictObject({
  ...Approval.shape,
  /** Taken back by the approver. */
  revoked: z.boolean(),
  /** Past its expiry at the reference time. */
  expired: z.boolean(),
  /** Approves the request's content hash (not some earlier content). */
  bound_to_request: z.boolean(),
})

export const ApprovalsData = z.strictObject({
  /** When approvals are judged: the moment execution started, else the export. */
  reference_ts: z.number(),
  reference: z.enum(['execution_started', 'exported']),
  approvals: z.array(PackagedApproval),
})

export const TokenData = z.strictObject({
  /** Every token issued for the proposal, oldest first (signatures included: HMACs, verifiable only with the secret). */
  tokens: z.array(z.strictObject(ExecutionToken.shape)),
  /** The token consumed when execution started. */
  used_token_id: z.string().nullable(),
})

/** A proposal event as the chain recorded it, by seq. */
const EventRef = { seq: z.number().int(), at: z.number(), by: z.string() }

export const ExecutionData = z.strictObject({
  /** The proposal's status at export. */
  proposal_status: ProposalStatusSchema,
  started: z
    .strictObject({ ...EventRef, token_id: z.string().nullable(), approvers: z.array(z.string()).nullable() })
    .nullable(),
  outcome: z
    .strictObject({
      ...EventRef,
      status: z.enum(['executed', 'failed', 'interrupted', 'cancelled']),
      reason: z.string().nullable(),
    })
    .nullable(),
  /** The action's result as stored on the proposal. */
  result: z.record(z.string(), z.unknown()).nullable(),
})

export const VerificationData = z.strictObject({
  outcome: z
    .strictObject({
      ...EventRef,
      status: z.enum(['verified', 'verify_failed']),
      reason: z.string().nullable(),
      details: z.record(z.string(), z.unknown()),
    })
    .nullable(),
})

export const ChainEvent = z.strictObject({
  kind: z.literal('event'),
  seq: z.number().int(),
  ts: z.number(),
  run_id: z.string().nullable(),
  actor: z.string(),
  type: z.string(),
  payload: z.record(z.string(), z.unknown()),
  prev_hash: Digest,
  hash: Digest,
})

/** An event in the range that is about something else: only its links, so continuity can be checked without its contents. */
export const ChainLink = z.strictObject({
  kind: z.literal('link'),
  seq: z.number().int(),
  prev_hash: Digest,
  hash: Digest,
})

export const ChainData = z.strictObject({
  first_seq: z.number().int().positive(),
  last_seq: z.number().int().positive(),
  /** Hash of event first_seq − 1 (the genesis hash when the range starts the log). */
  before_hash: Digest,
  head_seq: z.number().int().positive(),
  head_hash: Digest,
  events: z.array(z.discriminatedUnion('kind', [ChainEvent, ChainLink])),
})

/**
 * The audit log's head anchor when the package was exported (null when the
 * log had none): HMAC-SHA256 over {seq, hash} with a key derived from the
 * token-signing secret, so it verifies only with that secret.
 */
export const AnchorData = z.strictObject({ seq: z.number().int().positive(), hash: Digest, hmac: Digest }).nullable()

const part = <T extends z.ZodType>(data: T) => z.strictObject({ digest: Digest, data })

export const PART_NAMES = [
  'request',
  'policy',
  'approvals',
  'token',
  'execution',
  'verification',
  'chain',
  'anchor',
] as const
export type PartName = (typeof PART_NAMES)[number]
/** The parts of a schema_version 1 package. */
export const PART_NAMES_V1 = PART_NAMES.filter((n) => n !== 'anchor')

const partsV1 = {
  request: part(RequestData),
  policy: part(PolicyData),
  approvals: part(ApprovalsData),
  token: part(TokenData),
  execution: part(ExecutionData),
  verification: part(VerificationData),
  chain: part(ChainData),
}

export const PackageParts = z.strictObject({ ...partsV1, anchor: part(AnchorData) })

const header = { kind: z.literal(AUDIT_PACKAGE_KIND), proposal_id: z.string(), exported_at: z.number() }

export const AuditPackage = z.strictObject({
  schema_version: z.literal(AUDIT_PACKAGE_SCHEMA_VERSION),
  ...header,
  parts: PackageParts,
  /** sha256 of canonical JSON {schema_version, kind, proposal_id, exported_at, parts}. */
  binding_digest: Digest,
})

/** A package as version 1 wrote it: the same without the anchor part. */
export const AuditPackageV1 = z.strictObject({
  schema_version: z.literal(1),
  ...header,
  parts: z.strictObject(partsV1),
  binding_digest: Digest,
})

/** Every version verify-package accepts. */
export const AnyAuditPackage = z.discriminatedUnion('schema_version', [AuditPackage, AuditPackageV1])

export type RequestData = z.infer<typeof RequestData>
export type PolicyData = z.infer<typeof PolicyData>
export type PackagedApproval = z.infer<typeof PackagedApproval>
export type ApprovalsData = z.infer<typeof ApprovalsData>
export type TokenData = z.infer<typeof TokenData>
export type ExecutionData = z.infer<typeof ExecutionData>
export type VerificationData = z.infer<typeof VerificationData>
export type ChainEvent = z.infer<typeof ChainEvent>
export type ChainLink = z.infer<typeof ChainLink>
export type ChainData = z.infer<typeof ChainData>
export type AnchorData = z.infer<typeof AnchorData>
export type PackageParts = z.infer<typeof PackageParts>
export type AuditPackage = z.infer<typeof AuditPackage>
/** The parts' data before they are sealed with digests. */
export type PartsData = { [K in PartName]: PackageParts[K]['data'] }
