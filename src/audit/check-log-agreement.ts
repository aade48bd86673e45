/**
 * The parts say what the chain recorded: the request is the one in its
 * `proposal.proposed` event; every approval, revocation and token has its
 * event and every such event its entry (none left out); execution and
 * verification are what the `proposal.*` events say; the policy is the last
 * one the log recorded for the proposal. Catches a package whose parts were
 * rewritten and resealed with fresh digests, as long as the chain holds.
 */
import { canonicalJson } from '../core/canonical-json.js'
import { PROPOSAL_STATUSES } from '../core/proposal-machine.js'
import { PolicyDecision } from '../core/records.js'
import { collectVerification, executionFromChain, fullEvents } from './collect-outcomes.js'
import {
  ApprovalsData,
  ChainData,
  type ChainEvent,
  ExecutionData,
  PolicyData,
  RequestData,
  TokenData,
  VerificationData,
} from './package-schema.js'
import { field, readPart } from './read-part.js'
import { fail, type PackageCheck, pass } from './verification-report.js'

const TITLE = 'parts agree with the events in the chain range'
const STATUS_EVENTS = new Set(PROPOSAL_STATUSES.map((s) => `proposal.${s}`))
const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null)

export function checkLogAgreement(raw: unknown): PackageCheck {
  const parts = {
    chain: readPart(raw, 'chain', ChainData),
    request: readPart(raw, 'request', RequestData),
    policy: readPart(raw, 'policy', PolicyData),
    approvals: readPart(raw, 'approvals', ApprovalsData),
    token: readPart(raw, 'token', TokenData),
    execution: readPart(raw, 'execution', ExecutionData),
    verification: readPart(raw, 'verification', VerificationData),
  }
  const bad = Object.values(parts).flatMap((p) => (p.ok ? [] : [p.problem]))
  if (
    !parts.chain.ok ||
    !parts.request.ok ||
    !parts.policy.ok ||
    !parts.approvals.ok ||
    !parts.token.ok ||
    !parts.execution.ok ||
    !parts.verification.ok
  ) {
    return fail('log_agreement', TITLE, bad.join('; '))
  }
  const events = fullEvents(parts.chain.data)
  const problems = [
    ...requestProblems(parts.request.data, events),
    ...approvalProblems(parts.approvals.data, events, parts.execution.data, field(raw, 'exported_at')),
    ...tokenProblems(parts.token.data, events),
    ...outcomeProblems(parts.chain.data, parts.execution.data, parts.verification.data, events),
    ...policyProblems(parts.policy.data, events),
  ]
  if (problems.length) return fail('log_agreement', TITLE, problems.join('; '))
  const approvalCount = parts.approvals.data.approvals.length
  const tokenCount = parts.token.data.tokens.length
  const matched = `request, ${approvalCount} approval(s), ${tokenCount} token(s), execution and verification`
  return pass('log_agreement', TITLE, `${matched} match ${events.length} event(s)`)
}

function requestProblems(r: RequestData, events: ChainEvent[]): string[] {
  const e = events.find((x) => x.type === 'proposal.proposed')
  if (!e) return ['no proposal.proposed event in the range']
  const p = e.payload
  const diffs = [
    ['action', r.action, p.action],
    ['params', r.params, p.params],
    ['content_hash', r.content_hash, p.content_hash],
    ['ticket', r.ticket.id, p.ticket_id],
    ['rationale', r.rationale, p.rationale],
    ['tier', r.tier, p.tier],
    ['created_by', r.created_by, e.actor],
    ['created_at', r.created_at, e.ts],
  ].filter(([, a, b]) => !same(a, b))
  return diffs.map(([name]) => `request ${String(name)} differs from the proposal.proposed event (seq ${e.seq})`)
}

function approvalProblems(a: ApprovalsData, events: ChainEvent[], x: ExecutionData, exportedAt: unknown): string[] {
  const out: string[] = []
  const recorded = events.filter((e) => e.type === 'approval.recorded')
  const revoked = events.filter((e) => e.type === 'approval.revoked')
  for (const ap of a.approvals) {
    const e = recorded.find((r) => r.actor === ap.actor && r.ts === ap.created_at)
    if (!e) out.push(`approval by ${ap.actor} has no approval.recorded event`)
    else if (
      e.payload.decision !== ap.decision ||
      e.payload.content_hash !== ap.content_hash ||
      !same(e.payload.comment, ap.comment)
    )
      out.push(`approval by ${ap.actor} differs from its event (seq ${e.seq})`)
    if (ap.revoked_at !== null && !revoked.some((r) => r.actor === ap.actor && r.ts === ap.revoked_at))
      out.push(`revocation by ${ap.actor} has no approval.revoked event`)
  }
  for (const e of recorded)
    if (!a.approvals.some((ap) => ap.actor === e.actor && ap.created_at === e.ts))
      out.push(
        `the log records a ${String(e.payload.decision)} by ${e.actor} (seq ${e.seq}) that the package leaves out`,
      )
  for (const e of revoked)
    if (!a.approvals.some((ap) => ap.actor === e.actor && ap.revoked_at === e.ts))
      out.push(`the log records a revocation by ${e.actor} (seq ${e.seq}) that the package leaves out`)
  const reference = x.started
    ? { reference: 'execution_started', reference_ts: x.started.at }
    : { reference: 'exported', reference_ts: exportedAt }
  if (a.reference !== reference.reference || a.reference_ts !== reference.reference_ts)
    out.push(
      `approvals are judged at ${a.reference} ${a.reference_ts}, not at ${reference.reference} ${String(reference.reference_ts)}`,
    )
  return out
}

function tokenProblems(t: TokenData, events: ChainEvent[]): string[] {
  const out: string[] = []
  const issued = events.filter((e) => e.type === 'token.issued')
  for (const tok of t.tokens) {
    const e = issued.find((i) => i.payload.token_id === tok.id)
    if (!e) out.push(`token ${tok.id} has no token.issued event`)
    else if (
      e.ts !== tok.issued_at ||
      e.payload.content_hash !== tok.content_hash ||
      e.payload.expires_at !== tok.expires_at
    )
      out.push(`token ${tok.id} differs from its token.issued event (seq ${e.seq})`)
  }
  for (const e of issued)
    if (!t.tokens.some((tok) => tok.id === e.payload.token_id))
      out.push(`the log records token ${String(e.payload.token_id)} (seq ${e.seq}) that the package leaves out`)
  return out
}

function outcomeProblems(chain: ChainData, x: ExecutionData, v: VerificationData, events: ChainEvent[]): string[] {
  const out: string[] = []
  const fromChain = executionFromChain(chain)
  if (!same(x.started, fromChain.started)) out.push('execution start differs from the proposal.executing event')
  if (!same(x.outcome, fromChain.outcome)) out.push('execution outcome differs from the proposal.* events')
  const ended = x.outcome ? events.find((e) => e.seq === x.outcome?.seq) : undefined
  if (ended && ended.payload.result != null && !same(ended.payload.result, x.result))
    out.push(`execution result differs from the proposal.${x.outcome?.status} event (seq ${ended.seq})`)
  if (!same(v, collectVerification(chain)))
    out.push('verification differs from the proposal.verified / verify_failed event')
  const lastStatus = [...events].reverse().find((e) => STATUS_EVENTS.has(e.type))
  if (lastStatus && lastStatus.type !== `proposal.${x.proposal_status}`)
    out.push(`proposal status ${x.proposal_status} is not the last recorded (${lastStatus.type})`)
  return out
}

function policyProblems(policy: PolicyData, events: ChainEvent[]): string[] {
  let recorded: PolicyDecision | null = null
  for (const e of events) {
    const candidate = e.type === 'policy.reapplied' ? e.payload.to : e.payload.policy
    const parsed = PolicyDecision.safeParse(candidate)
    if (parsed.success) recorded = parsed.data
  }
  if (recorded && !same(recorded, policy))
    return [`policy differs from the last decision the log recorded (${recorded.rule_id})`]
  return []
}
