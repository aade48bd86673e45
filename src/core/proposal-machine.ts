/**
 * The proposal state machine (DESIGN.md, "Actions and the loop"). Pure: the
 * store calls `assertTransition` inside every transaction that moves a
 * proposal, so an illegal move can never be written.
 */
import { OperatorError } from './errors.js'

export const PROPOSAL_STATUSES = [
  'proposed',
  'validated',
  'invalid',
  'awaiting_approval',
  'approved',
  'denied',
  'expired',
  'executing',
  'executed',
  'failed',
  'verified',
  'verify_failed',
  'observed',
  'superseded',
  'interrupted',
  'cancelled',
] as const

export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number]

const TRANSITIONS: Record<ProposalStatus, readonly ProposalStatus[]> = {
  proposed: ['validated', 'invalid', 'cancelled'],
  validated: ['awaiting_approval', 'approved', 'denied', 'observed', 'superseded', 'cancelled'],
  awaiting_approval: ['approved', 'denied', 'expired', 'superseded', 'cancelled'],
  // approved → awaiting_approval: an approval no longer valid at execution time
  // (a system approval after the approval mode went back to manual).
  // approved → denied: the policy, evaluated again at execution time, now denies it.
  approved: ['executing', 'awaiting_approval', 'denied', 'expired', 'superseded', 'cancelled'],
  executing: ['executed', 'failed', 'interrupted', 'cancelled'],
  executed: ['verified', 'verify_failed', 'cancelled'],
  interrupted: ['verified', 'verify_failed', 'cancelled'],
  invalid: [],
  denied: [],
  expired: [],
  failed: [],
  verified: [],
  verify_failed: [],
  observed: [],
  superseded: [],
  cancelled: [],
}

export function isTerminal(status: ProposalStatus): boolean {
  return TRANSITIONS[status].length === 0
}

export const NON_TERMINAL_STATUSES: readonly ProposalStatus[] = PROPOSAL_STATUSES.filter((s) => !isTerminal(s))

export function canTransition(from: ProposalStatus, to: ProposalStatus): boolean {
  return TRANSITIONS[from].includes(to)
}

export function assertTransition(id: string, from: ProposalStatus, to: ProposalStatus): void {
  if (!canTransition(from, to)) {
    throw new OperatorError(
      'conflict',
      `proposal ${id} cannot move from ${from} to ${to}`,
      'list proposals with `operator proposals` to see its current state',
    )
  }
}
