/**
 * The state digest: one hash of the durable state an agent starts from, so a
 * handoff can say which state it was written against and a later one can
 * tell that the state moved. It covers what changes an agent's picture —
 * modes and the kill latch, the tickets still to be dealt with, the
 * proposals in flight (with their version), the policy in force, the newest
 * handoff — and nothing that moves on its own (not the audit head, not a
 * ticket's repeat count).
 */
import { canonicalJson, sha256Hex } from '../core/canonical-json.js'
import type { ProposalStatus } from '../core/proposal-machine.js'
import type { TicketStatus } from '../core/records.js'
import type { Store } from './store.js'

/** Tickets an agent still has to deal with. */
export const ACTIVE_TICKET_STATUSES: readonly TicketStatus[] = ['open', 'in_progress', 'escalated']
/** Proposals between a decision and their result. */
export const PENDING_PROPOSAL_STATUSES: readonly ProposalStatus[] = ['awaiting_approval', 'approved', 'executing']

/** What the digest is computed over (its canonical JSON). */
export interface DigestedState {
  modes: { safety: string; approval: string; kill_latched: boolean }
  tickets: { id: string; status: string }[]
  proposals: { id: string; status: string; version: number }[]
  /** The policy digest in force; null when the caller cannot see the policy (the model brain). */
  policy_digest: string | null
  last_handoff: string | null
}

export function digestedState(store: Store, policyDigest: string | null): DigestedState {
  const { safety, approval, kill_latched } = store.modes()
  return {
    modes: { safety, approval, kill_latched },
    tickets: store.tickets({ status: [...ACTIVE_TICKET_STATUSES] }).map((t) => ({ id: t.id, status: t.status })),
    proposals: store
      .proposals({ status: PENDING_PROPOSAL_STATUSES })
      .map((p) => ({ id: p.id, status: p.status, version: p.version })),
    policy_digest: policyDigest,
    last_handoff: store.handoffs(1)[0]?.handoff_id ?? null,
  }
}

/** sha256 (hex) of the canonical JSON of `digestedState`. */
export function stateDigest(store: Store, policyDigest: string | null): string {
  return sha256Hex(canonicalJson(digestedState(store, policyDigest)))
}
