/**
 * Why a proposal is not running: a fixed set of codes in triage order — what
 * a person must deal with first comes first (a latched kill switch stops
 * everything, so approving is pointless until it is released). `explain`
 * lists every reason that holds, sorted by this order; `none` alone means
 * nothing blocks it (it ran, runs, or is on its way).
 */
import { z } from 'zod'
import { EvidenceRef } from './common.js'

export const BLOCKING_CODES = [
  /** The kill switch latched observe mode: nothing executes until a person runs `operator mode execute`. */
  'kill_switch_latched',
  /** Safety mode is observe: proposals end `observed`, nothing executes. */
  'observe_mode',
  /** The policy's rule denies the action. */
  'denied_by_policy',
  /** The session risk score is above the deny threshold. */
  'denied_by_risk',
  /** A person rejected it. */
  'rejected',
  /** It waits for more distinct people to approve it. */
  'needs_approvals',
  /** Its execution token expired before the gate could use it. */
  'token_expired',
  /** It has no usable execution token (none issued, revoked, forged or used). */
  'token_invalid',
  'superseded',
  'cancelled',
  'expired',
  'invalid',
  /** The execution gate refused it (its event says why). */
  'refused',
  'failed',
  'verify_failed',
  /** It was executing when its agent died or the kill switch was pulled: re-verified, never run again. */
  'interrupted',
  /** Nothing else stops it, but no live agent is there to take it further. */
  'awaiting_agent',
  /** Not blocked: executed, verified, executing, or on its way. */
  'none',
] as const

export const BlockingCode = z.enum(BLOCKING_CODES)
export type BlockingCode = z.infer<typeof BlockingCode>

/** One reason, with what shows it: audit seqs, the policy rule, a command that checks it. */
export const BlockingReason = z
  .object({
    code: BlockingCode,
    /** One line for a person: what blocks it and what would unblock it. */
    message: z.string(),
    evidence: z.array(EvidenceRef),
  })
  .strict()
export type BlockingReason = z.infer<typeof BlockingReason>

/** The reasons sorted by the triage order (stable among equal codes). */
export function inTriageOrder(reasons: readonly BlockingReason[]): BlockingReason[] {
  const rank = (r: BlockingReason) => BLOCKING_CODES.indexOf(r.code)
  return [...reasons].sort((a, b) => rank(a) - rank(b))
}
