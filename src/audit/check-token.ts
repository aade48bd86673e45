/**
 * Token checks: every token's HMAC verifies with the signing secret (skipped,
 * with the reason, when no secret is given), and the tokens are bound to the
 * request: same proposal, same content hash, and the one consumed was live
 * when execution started with it.
 */
import { ExecutionData, TokenData } from './package-schema.js'
import { field, readPart } from './read-part.js'
import { signatureMatches } from './token-signature.js'
import { fail, type PackageCheck, pass, skip } from './verification-report.js'

/** The signing secret and where it came from, for the report. */
export interface GivenSecret {
  secret: string
  source: string
}

const SIGNATURE = 'token signature (HMAC-SHA256 with the signing secret)'
const BINDING = 'token bound to the request’s content hash'

export function checkTokenSignature(raw: unknown, given: GivenSecret | null): PackageCheck {
  const part = readPart(raw, 'token', TokenData)
  if (!part.ok) return fail('token_signature', SIGNATURE, part.problem)
  const { tokens } = part.data
  if (tokens.length === 0) return skip('token_signature', SIGNATURE, 'the package has no token to verify')
  if (!given)
    return skip(
      'token_signature',
      SIGNATURE,
      'no secret given: set OPERATOR_TOKEN_SECRET or pass --secret-file (the signer’s secret is OPERATOR_HOME/token.secret unless OPERATOR_TOKEN_SECRET was set)',
    )
  const forged = tokens.filter((t) => !signatureMatches(given.secret, t)).map((t) => t.id)
  if (forged.length)
    return fail(
      'token_signature',
      SIGNATURE,
      `signature does not verify with the secret from ${given.source} for token ${forged.join(', ')}: forged, altered, or signed with another secret`,
    )
  return pass('token_signature', SIGNATURE, `${tokens.length} token(s) verify with the secret from ${given.source}`)
}

export function checkTokenBinding(raw: unknown): PackageCheck {
  const part = readPart(raw, 'token', TokenData)
  if (!part.ok) return fail('token_binding', BINDING, part.problem)
  const execution = readPart(raw, 'execution', ExecutionData)
  if (!execution.ok) return fail('token_binding', BINDING, execution.problem)
  const proposalId = field(raw, 'parts', 'request', 'data', 'proposal_id')
  const contentHash = field(raw, 'parts', 'request', 'data', 'content_hash')
  const { tokens, used_token_id } = part.data
  const started = execution.data.started
  const problems: string[] = []
  for (const t of tokens) {
    if (t.proposal_id !== proposalId)
      problems.push(`token ${t.id} is for proposal ${t.proposal_id}, the request is ${String(proposalId)}`)
    if (t.content_hash !== contentHash)
      problems.push(`token ${t.id} is for content ${t.content_hash}, the request has ${String(contentHash)}`)
  }
  const consumed = tokens.filter((t) => t.consumed_at !== null)
  if (consumed.length > 1) problems.push(`${consumed.length} tokens were consumed; a proposal executes with one`)
  const used = tokens.find((t) => t.id === used_token_id)
  if (used_token_id !== null && !used) problems.push(`used_token_id ${used_token_id} is not among the tokens`)
  if (used_token_id !== (consumed[0]?.id ?? null))
    problems.push(`used_token_id ${String(used_token_id)} is not the consumed token ${consumed[0]?.id ?? '(none)'}`)
  if (started) {
    if (!used) problems.push('execution started without a consumed execution token')
    else {
      if (started.token_id !== null && started.token_id !== used.id)
        problems.push(`execution started with token ${started.token_id}, not ${used.id}`)
      if (used.consumed_at !== null && used.consumed_at >= used.expires_at)
        problems.push(`token ${used.id} was consumed after it expired`)
      if (used.revoked_at !== null && used.consumed_at !== null && used.revoked_at <= used.consumed_at)
        problems.push(`token ${used.id} was revoked before it was consumed`)
    }
  }
  if (problems.length) return fail('token_binding', BINDING, problems.join('; '))
  if (tokens.length === 0) return skip('token_binding', BINDING, 'no token was issued and execution never started')
  return pass(
    'token_binding',
    BINDING,
    `${tokens.length} token(s) for ${String(proposalId)} at ${String(contentHash)}${used ? `; ${used.id} consumed at ${used.consumed_at}` : ''}`,
  )
}
