/**
 * The proposal state machine (DESIGN.md, "Actions and the loop"). Pure: the
 * store calls `assertTransition` inside every transaction that moves a
 * proposal, so an illegal move can never be written.
 *
 * Two halves: what has not started (proposed … approved) may be cancelled —
 * by the kill switch, the end of a run, a person. What started (executing,
 * executed, interrupted) ran or is running: it only ends in an outcome
 * (failed, verified, verify_failed), never `cancelled`, and never returns to
 * `executing`.
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
  // executing → interrupted: its agent is gone, or the kill switch stopped it; its result, if it
  // still comes, is recorded as a late result. Started work keeps its outcome: no `cancelled` here.
  executing: ['executed', 'failed', 'interrupted'],
  executed: ['verified', 'verify_failed'],
  // Ran (or may have), outcome unknown: re-verified, never executed again.
  interrupted: ['verified', 'verify_failed'],
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

/** What has not started and never will once cancelled: the only states that may become `cancelled`. */
export const NOT_STARTED_STATUSES: readonly ProposalStatus[] = PROPOSAL_STATUSES.filter((s) =>
  TRANSITIONS[s].includes('cancelled'),
)

/** What ran or is running, outcome not yet known: each ends verified, verify_failed or failed, never cancelled. */
export const STARTED_STATUSES: readonly ProposalStatus[] = NON_TERMINAL_STATUSES.filter(
  (s) => !NOT_STARTED_STATUSES.includes(s),
)

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
