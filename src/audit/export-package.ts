/**
 * Builds the audit package of one proposal from the database: reads the
 * proposal, its ticket, approvals, tokens and chain range, marks each
 * approval (revoked, expired at the reference time, bound to the request),
 * adds the log's head anchor (read after the chain, so it covers the range)
 * and seals the parts with their digests and the binding digest. Reads only.
 */
import type { Approval, Proposal, Ticket } from '../core/records.js'
import { listApprovals } from '../store/approvals.js'
import { readAnchorFile } from '../store/head-anchor.js'
import type { Db } from '../store/open-database.js'
import { getProposal } from '../store/proposals.js'
import { getTicket } from '../store/tickets.js'
import { collectChain } from './collect-chain.js'
import { collectExecution, collectVerification } from './collect-outcomes.js'
import { sealPackage } from './digests.js'
import type { ApprovalsData, AuditPackage, ExecutionData, RequestData, TokenData } from './package-schema.js'
import { readTokens } from './read-tokens.js'

/** The package of one proposal; `anchorFile` is the log's head anchor (config/home.ts anchorPath), if any. */
export function exportPackage(db: Db, proposalId: string, now: number, anchorFile?: string): AuditPackage {
  const p = getProposal(db, proposalId)
  const ticket = getTicket(db, p.ticket_id)
  const chain = collectChain(db, p.id)
  const execution = collectExecution(p, chain)
  const anchor = anchorFile ? readAnchorFile(anchorFile) : null
  return sealPackage(p.id, now, {
    request: requestOf(p, ticket),
    policy: p.policy,
    approvals: approvalsOf(p, listApprovals(db, p.id), execution, now),
    token: tokensOf(db, p.id),
    execution,
    verification: collectVerification(chain),
    chain,
    anchor: anchor?.state === 'present' ? anchor.anchor : null,
  })
}

function requestOf(p: Proposal, t: Ticket): RequestData {
  return {
    proposal_id: p.id,
    ticket: {
      id: t.id,
      run_id: t.run_id,
      subject: t.subject,
      key: t.key,
      invariant: t.invariant,
      severity: t.severity,
      target: t.target,
      message: t.message,
      opened_at: t.opened_at,
    },
    action: p.action,
    params: p.params,
    content_hash: p.content_hash,
    risk: p.risk,
    tier: p.tier,
    risk_assessment: p.risk_assessment,
    rationale: p.rationale,
    attempt: p.attempt,
    step: p.step,
    steps: p.steps,
    created_by: p.created_by,
    created_at: p.created_at,
  }
}

/** Approvals are judged as the execution gate judged them: at the moment execution started. */
export function approvalsOf(
  p: Pick<Proposal, 'content_hash'>,
  approvals: readonly Approval[],
  execution: ExecutionData,
  now: number,
): ApprovalsData {
  const reference_ts = execution.started?.at ?? now
  return {
    reference_ts,
    reference: execution.started ? 'execution_started' : 'exported',
    approvals: approvals.map((a) => ({
      ...a,
      revoked: a.revoked_at !== null,
      expired: a.expires_at !== null && a.expires_at <= reference_ts,
      bound_to_request: a.content_hash === p.content_hash,
    })),
  }
}

function tokensOf(db: Db, proposalId: string): TokenData {
  const tokens = readTokens(db, proposalId)
  return { tokens, used_token_id: tokens.find((t) => t.consumed_at !== null)?.id ?? null }
}
