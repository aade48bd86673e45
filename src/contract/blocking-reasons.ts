/**
 * Every reason that holds for a proposal, in triage order: the modes first,
 * then governance, then its own outcome, then the missing agent; `none`
 * alone when nothing blocks it.
 */
import type { Proposal } from '../core/records.js'
import { type BlockingReason, inTriageOrder } from './blocking-codes.js'
import { approvalsReason, denialReason, tokenReason } from './blocking-governance.js'
import { killSwitchReason, observeModeReason } from './blocking-modes.js'
import { awaitingAgentReason, noneReason, outcomeReason, refusedReason } from './blocking-outcome.js'
import type { ExplainFacts } from './explain-facts.js'

const CHECKS = [
  killSwitchReason,
  observeModeReason,
  denialReason,
  approvalsReason,
  tokenReason,
  outcomeReason,
  refusedReason,
  awaitingAgentReason,
] as const

export function blockingReasons(f: ExplainFacts, p: Proposal): BlockingReason[] {
  const found = CHECKS.map((check) => check(f, p)).filter((r): r is BlockingReason => r !== null)
  return found.length > 0 ? inTriageOrder(found) : [noneReason(f, p)]
}
