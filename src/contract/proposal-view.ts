/**
 * What `operator proposal ID` (and the MCP `proposal` tool) show: exactly
 * what is being approved — the proposal with its action, params, content
 * hash, policy decision and risk — how its approvals count now, its
 * execution tokens, and, for a model brain's plan, the turn that proposed it.
 */
import { type ProposingTurn, proposingTurn } from '../brain/llm/transcript.js'
import type { Proposal } from '../core/records.js'
import { type ApprovalStatus, approvalStatus } from '../safety/approval-rules.js'
import { tokensFor } from '../safety/tokens.js'
import type { Store } from '../store/store.js'

export interface ProposalView {
  proposal: Proposal
  approval: ApprovalStatus
  approvals: ReturnType<Store['approvals']>
  tokens: { id: string; issued_at: number; expires_at: number; consumed_at: number | null; revoked_at: number | null }[]
  /** The model turn that proposed it, when a model brain did. */
  brain_turn: ProposingTurn | null
}

/** Everything `operator proposal ID` shows, read now. */
export function proposalView(store: Store, id: string, now: number = Date.now()): ProposalView {
  const proposal = store.proposal(id)
  const approvals = store.approvals(id)
  return {
    proposal,
    approval: approvalStatus(proposal, approvals, store.modes(store.proposalRun(id)), now),
    approvals,
    tokens: tokensFor(store.db, id).map(({ id: tokenId, issued_at, expires_at, consumed_at, revoked_at }) => ({
      id: tokenId,
      issued_at,
      expires_at,
      consumed_at,
      revoked_at,
    })),
    brain_turn: proposingTurn(store, proposal),
  }
}
