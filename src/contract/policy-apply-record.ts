/**
 * The audit records behind `policy apply`: the `policy.recommended` event a
 * confirmation id names (read back through a schema), whether a
 * `policy.applied` event already used it, and the object apply returns
 * (`PolicyApplied`) with its text rendering.
 */
import { z } from 'zod'
import { OperatorError } from '../core/errors.js'
import type { Db } from '../store/open-database.js'
import type { Store } from '../store/store.js'
import { SchemaVersion } from './common.js'

/** What `policy.recommended` recorded, as apply needs it. */
const RecommendedPayload = z.object({
  confirmation_id: z.string(),
  proposal_id: z.string(),
  policy_file: z.string().nullable(),
  text_digest_before: z.string(),
  text_digest_after: z.string(),
  patch: z.string(),
})
export type Recommended = z.infer<typeof RecommendedPayload> & { seq: number; run_id: string | null }

const byConfirmation = (type: string) =>
  `SELECT seq, run_id, payload FROM events WHERE type = '${type}' AND json_extract(payload, '$.confirmation_id') = ? ORDER BY seq LIMIT 1`

/** The recommendation `confirmationId` names, or an OperatorError (not_found). */
export function findRecommended(store: Store, confirmationId: string): Recommended {
  const row = store.db.prepare(byConfirmation('policy.recommended')).get(confirmationId) as
    | { seq: number; run_id: string | null; payload: string }
    | undefined
  const parsed = row ? RecommendedPayload.safeParse(JSON.parse(row.payload)) : undefined
  if (!row || !parsed?.success)
    throw new OperatorError(
      'not_found',
      `no policy recommendation ${confirmationId}${row ? ' (its audit event is not readable)' : ''}`,
      'run `operator policy recommend PROPOSAL`: its confirmation_id is what apply takes',
    )
  return { ...parsed.data, seq: row.seq, run_id: row.run_id }
}

/** The seq of the `policy.applied` event for `confirmationId`, or null. */
export function appliedSeq(db: Db, confirmationId: string): number | null {
  const row = db.prepare(byConfirmation('policy.applied')).get(confirmationId) as { seq: number } | undefined
  return row?.seq ?? null
}

/** What `policy apply` did: who confirmed, the file written, its backup, the digests and the audit event. */
export const PolicyApplied = z
  .object({
    schema_version: SchemaVersion,
    confirmation_id: z.string(),
    proposal_id: z.string(),
    applied_by: z.string(),
    os_user: z.string(),
    os_uid: z.number().int(),
    key_fingerprint: z.string().nullable(),
    policy_file: z.string(),
    /** The old file, kept; null when the file was new (a patch of the built-in policy). */
    backup: z.string().nullable(),
    text_digest_before: z.string(),
    text_digest_after: z.string(),
    /** sha256 of the new policy's canonical JSON: the digest decisions under it record. */
    digest_after: z.string(),
    audit_seq: z.number().int().positive(),
  })
  .strict()
export type PolicyApplied = z.infer<typeof PolicyApplied>

export function appliedText(a: PolicyApplied): string {
  return [
    `applied ${a.confirmation_id} (for ${a.proposal_id}) to ${a.policy_file}`,
    `  by ${a.applied_by} (OS user ${a.os_user}, uid ${a.os_uid}${a.key_fingerprint ? `, key ${a.key_fingerprint.slice(0, 12)}…` : ''})`,
    `  backup: ${a.backup ?? '(none: a new file)'}`,
    `  digest ${a.digest_after.slice(0, 12)}, recorded as audit seq ${a.audit_seq} (policy.applied)`,
    '  agents load the policy when they start: restart them (with --policy FILE) to use it',
  ].join('\n')
}
