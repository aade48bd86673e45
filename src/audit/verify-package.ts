/**
 * `operator audit verify-package`, offline (the live log only when one is
 * given, to anchor the chain range): runs every check on the raw
 * document, each on its own (a check that throws is reported as failed, and
 * the others still run), and says the package is ok only when no check
 * failed. Skipped checks say why.
 */
import { errorMessage } from '../core/errors.js'
import { checkChainAnchor, type LiveLog } from './check-anchor.js'
import { checkApprovalCount } from './check-approvals.js'
import { checkChainContinuity } from './check-chain.js'
import { checkHeadAnchor } from './check-head-anchor.js'
import { checkBindingDigest, checkPartDigests, checkRequestHash, checkSchema } from './check-integrity.js'
import { checkLogAgreement } from './check-log-agreement.js'
import { checkTokenBinding, checkTokenSignature, type GivenSecret } from './check-token.js'
import { field } from './read-part.js'
import {
  fail,
  type PackageCheck,
  type PackageVerification,
  VERIFICATION_SCHEMA_VERSION,
} from './verification-report.js'

export type { GivenSecret, LiveLog }

export interface VerifyOptions {
  secret: GivenSecret | null
  /** The live log to anchor the chain range in; the anchor check is skipped without it. */
  live?: LiveLog | null
  file?: string
}

export function verifyPackage(raw: unknown, o: VerifyOptions): PackageVerification {
  const runs: [string, () => PackageCheck | PackageCheck[]][] = [
    ['schema', () => checkSchema(raw)],
    ['digest', () => checkPartDigests(raw)],
    ['binding_digest', () => checkBindingDigest(raw)],
    ['request_hash', () => checkRequestHash(raw)],
    ['token_signature', () => checkTokenSignature(raw, o.secret)],
    ['token_binding', () => checkTokenBinding(raw)],
    ['chain_continuity', () => checkChainContinuity(raw)],
    ['chain_anchor', () => checkChainAnchor(raw, o.live ?? null)],
    ['head_anchor', () => checkHeadAnchor(raw, o.secret, o.live ?? null)],
    ['log_agreement', () => checkLogAgreement(raw)],
    ['approval_count', () => checkApprovalCount(raw)],
  ]
  const checks = runs.flatMap(([id, run]) => {
    try {
      return run()
    } catch (err) {
      return [fail(id, id, `the check could not run: ${errorMessage(err)}`)]
    }
  })
  const proposalId = field(raw, 'proposal_id')
  return {
    schema_version: VERIFICATION_SCHEMA_VERSION,
    file: o.file ?? null,
    proposal_id: typeof proposalId === 'string' ? proposalId : null,
    ok: checks.every((c) => c.status !== 'fail'),
    checks,
  }
}
