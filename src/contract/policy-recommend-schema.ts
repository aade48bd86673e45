/**
 * `policy recommend`'s object (README "Policy recommendations"): why a
 * proposal is blocked, the smallest policy patch that would let it through
 * (a unified YAML diff), the change's risk, and the confirmation a person
 * gives with `operator policy apply CONFIRMATION_ID --as NAME`; and its
 * text rendering, which shows the same object.
 */
import { z } from 'zod'
import { RiskLevel } from '../core/records.js'
import { EvidenceRef, SchemaVersion } from './common.js'

export const CONFIRMATION_ID = /^PC-[0-9a-f]{8}$/

const Decision = z.enum(['allow', 'require_approval', 'deny'])

export const PolicyRecommendation = z
  .object({
    schema_version: SchemaVersion,
    proposal: z
      .object({
        id: z.string(),
        action: z.string(),
        subject: z.string(),
        kind: z.string(),
        tier: z.number().int(),
        /** The risk the policy is matched on (the risk recorded at validation). */
        risk: RiskLevel,
        status: z.string(),
      })
      .strict(),
    /** Why it is blocked under the policy in force: a rule (or the default) denies it, or needs more people. */
    blocked: z
      .object({
        kind: z.enum(['denied', 'needs_approvals']),
        /** The rule id, or `default`. */
        rule_id: z.string(),
        /** The rule's position (1-based), null for the default. */
        rule_position: z.number().int().positive().nullable(),
        min_approvals: z.number().int().min(0),
        /** Distinct people whose approvals count now. */
        counted: z.number().int().min(0),
        reason: z.string(),
      })
      .strict(),
    policy: z
      .object({
        /** The policy file (absolute path), or null for the built-in policy. */
        file: z.string().nullable(),
        source: z.string(),
        /** sha256 of the policy's canonical JSON. */
        digest: z.string(),
        /** sha256 of the file's text (of the built-in policy rendered as YAML): what apply checks. */
        text_digest: z.string(),
      })
      .strict(),
    patch: z
      .object({
        change: z.enum(['insert_rule', 'edit_rule']),
        rule_id: z.string(),
        /** Where the rule is (1-based) in the patched policy. */
        rule_position: z.number().int().positive(),
        summary: z.string(),
        /** Unified diff against the policy's text. */
        diff: z.string(),
        text_digest_after: z.string(),
        digest_after: z.string(),
        /** What the patched policy decides for this proposal. */
        decision_after: z
          .object({ rule_id: z.string(), decision: Decision, min_approvals: z.number().int().min(0) })
          .strict(),
        removes_human_approval: z.boolean(),
      })
      .strict(),
    /** The change's risk: the action's, raised when it removes human approval of a high or critical action. */
    risk: RiskLevel,
    requires_confirmation: z.literal(true),
    confirmation_id: z.string().regex(CONFIRMATION_ID),
    /** What a person runs to write it (an agent never can). */
    apply_command: z.string(),
    rationale: z.string(),
    evidence: z.array(EvidenceRef),
    /** The `policy.recommended` audit event. */
    recorded_seq: z.number().int().positive(),
  })
  .strict()
export type PolicyRecommendation = z.infer<typeof PolicyRecommendation>

/** The recommendation as text: what is blocked, the change and its risk, the command, the diff, the evidence. */
export function recommendationText(r: PolicyRecommendation): string {
  const p = r.proposal
  const counted = r.blocked.kind === 'needs_approvals' ? ` (${r.blocked.counted} counted)` : ''
  return [
    `policy recommendation ${r.confirmation_id} for ${p.id} (${p.action} on ${p.subject}, ${p.kind}, risk ${p.risk}, tier ${p.tier}, ${p.status})`,
    `  blocked: ${r.blocked.reason}${counted}`,
    `  policy:  ${r.policy.source} (digest ${r.policy.digest.slice(0, 12)})`,
    `  patch:   ${r.patch.summary}`,
    `  risk:    ${r.risk}${r.patch.removes_human_approval ? ' (removes human approval)' : ''}`,
    `  apply:   ${r.apply_command}   (a person confirms; an agent cannot)`,
    `  why:     ${r.rationale}`,
    '',
    r.patch.diff.trimEnd(),
    '',
    'evidence:',
    ...r.evidence.map((e) => `  ${e.type} ${e.ref}${e.detail ? ` — ${e.detail}` : ''}`),
  ].join('\n')
}
