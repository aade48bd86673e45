/**
 * The execution gate: the one place a proposal becomes `executing`. Inside a
 * single write transaction it checks, at the moment of execution: the safety
 * mode and kill latch; the proposal's state, version and content hash; the
 * policy evaluated again on the risk recorded at validation (a policy that
 * now denies wins; a changed decision is recorded); the approvals
 * under the approval mode and policy in force now; and the execution token
 * (signature, content hash, expiry, single use — consumed here). Two agents
 * racing on one proposal: exactly one passes. Every refusal is recorded.
 */
import { contentHash } from '../core/canonical-json.js'
import type { Proposal } from '../core/records.js'
import { listApprovals } from '../store/approvals.js'
import { appendEvent } from '../store/audit-log.js'
import { getModes } from '../store/modes.js'
import type { Db } from '../store/open-database.js'
import { getProposal, proposalRun, setExecutingAgent, transitionInTx } from '../store/proposals.js'
import { writeTx } from '../store/tx.js'
import { approvalStatus } from './approval-rules.js'
import type { SigningKey } from './approvals.js'
import { type GatePolicy, recheckPolicy } from './gate-policy.js'
import { consumeToken, liveToken, revokeTokens, signatureValid } from './tokens.js'

export type GateResult =
  | { status: 'executing'; proposal: Proposal }
  /** Its approvals are no longer enough (mode, policy or expiry changed): it waits for people again. */
  | { status: 'needs_approval'; proposal: Proposal; reason: string }
  | { status: 'refused'; reason: string }

export interface GateRequest {
  proposalId: string
  expectedVersion: number
  agentId: string
  runId: string | null
  /** The ticket lease the agent acts under (its fencing token): refused once the ticket changed hands. */
  lease?: { ticketId: string; lease: number }
}

export interface GateContext {
  key: SigningKey
  /** The policy in force now, and the facts to evaluate it on; absent in unit tests of older paths. */
  policy?: GatePolicy
}

/** Why the agent no longer holds the lease it acts under (null: it does, or it acts under none). */
function leaseLost(db: Db, req: GateRequest): string | null {
  if (!req.lease) return null
  const t = db.prepare('SELECT status, claimed_by, lease FROM tickets WHERE id = ?').get(req.lease.ticketId) as
    | { status: string; claimed_by: string | null; lease: number }
    | undefined
  if (t && t.status === 'in_progress' && t.claimed_by === req.agentId && t.lease === req.lease.lease) return null
  const now = t ? `${t.status}, held by ${t.claimed_by ?? 'nobody'} under lease ${t.lease}` : 'gone'
  return `lease ${req.lease.lease} on ticket ${req.lease.ticketId} is no longer this agent's (the ticket is ${now})`
}

/** Moves an approved proposal to `executing` if every check passes now, in one write transaction. */
export function beginExecution(db: Db, req: GateRequest, ctx: GateContext, now: number): GateResult {
  return writeTx(db, (): GateResult => {
    const refuse = (reason: string): GateResult => {
      appendEvent(
        db,
        {
          run_id: req.runId,
          actor: req.agentId,
          type: 'execution.refused',
          payload: { proposal_id: req.proposalId, reason },
        },
        now,
      )
      return { status: 'refused', reason }
    }
    // The modes that hold for the proposal's run: the global ones, made stricter by the run's own.
    const modes = getModes(db, proposalRun(db, req.proposalId) ?? req.runId ?? undefined)
    if (modes.kill_latched) return refuse('kill switch is engaged')
    if (modes.safety !== 'execute') return refuse(`safety mode is ${modes.safety}`)
    const fenced = leaseLost(db, req)
    if (fenced) return refuse(fenced)
    let p = getProposal(db, req.proposalId)
    if (p.status !== 'approved') return refuse(`proposal is ${p.status}, not approved`)
    if (p.version !== req.expectedVersion) return refuse(`proposal moved to version ${p.version} since it was read`)
    if (contentHash(p.action, p.params) !== p.content_hash)
      return refuse('proposal content does not match its content hash')
    if (ctx.key.secret === null) return refuse(`no valid token secret: ${ctx.key.problem}`)

    if (ctx.policy) {
      const checked = recheckPolicy(db, p, ctx.policy, req, now)
      if ('denied' in checked) return refuse(checked.denied)
      p = checked.proposal
    }

    const status = approvalStatus(p, listApprovals(db, p.id), modes, now)
    if (status.denied) return refuse(status.reason)
    if (!status.complete) {
      revokeTokens(db, 'approvals no longer sufficient', now, p.id)
      const reason = `approvals no longer sufficient: ${status.reason}`
      const back = transitionInTx(
        db,
        p.id,
        p.version,
        'awaiting_approval',
        { actor: req.agentId, runId: req.runId, reason },
        now,
      )
      return { status: 'needs_approval', proposal: back, reason }
    }

    const token = liveToken(db, p.id)
    if (!token) return refuse('no live execution token for this proposal')
    if (!signatureValid(ctx.key.secret, token)) {
      revokeTokens(db, 'signature invalid', now, p.id)
      return refuse(`execution token ${token.id} has an invalid signature (forged, or the secret changed)`)
    }
    if (token.content_hash !== p.content_hash) return refuse(`execution token ${token.id} is for other content`)
    if (token.expires_at <= now) {
      transitionInTx(
        db,
        p.id,
        p.version,
        'expired',
        { actor: req.agentId, runId: req.runId, reason: `execution token ${token.id} expired before execution` },
        now,
      )
      return refuse(`execution token ${token.id} expired`)
    }
    if (!consumeToken(db, token.id, req.agentId, now)) return refuse(`execution token ${token.id} was already used`)

    const executing = transitionInTx(
      db,
      p.id,
      p.version,
      'executing',
      {
        actor: req.agentId,
        runId: req.runId,
        details: {
          agent_id: req.agentId,
          approvers: status.counted,
          token_id: token.id,
          params: p.params,
          risk: p.risk,
        },
      },
      now,
    )
    setExecutingAgent(db, p.id, req.agentId)
    return { status: 'executing', proposal: executing }
  })
}
