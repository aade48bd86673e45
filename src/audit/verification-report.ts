/**
 * The answer of `operator audit verify-package --json`: every check with its
 * status and reason, versioned by `schema_version`. A package is ok when no
 * check failed; a skipped check (a token signature without the secret) says
 * why it was skipped.
 */
import { z } from 'zod'

export const VERIFICATION_SCHEMA_VERSION = 1

export const CheckStatus = z.enum(['pass', 'fail', 'skipped'])
export type CheckStatus = z.infer<typeof CheckStatus>

export const PackageCheck = z.strictObject({
  /** Stable name: `schema`, `digest.request`, `token_signature`, `chain_continuity`, … */
  id: z.string(),
  title: z.string(),
  status: CheckStatus,
  /** What was found: why it passed, failed or was skipped. */
  reason: z.string(),
})
export type PackageCheck = z.infer<typeof PackageCheck>

export const PackageVerification = z.strictObject({
  schema_version: z.literal(VERIFICATION_SCHEMA_VERSION),
  file: z.string().nullable(),
  proposal_id: z.string().nullable(),
  ok: z.boolean(),
  checks: z.array(PackageCheck),
})
export type PackageVerification = z.infer<typeof PackageVerification>

export const pass = (id: string, title: string, reason: string): PackageCheck => ({ id, title, status: 'pass', reason })
export const fail = (id: string, title: string, reason: string): PackageCheck => ({ id, title, status: 'fail', reason })
export const skip = (id: string, title: string, reason: string): PackageCheck => ({
  id,
  title,
  status: 'skipped',
  reason,
})
