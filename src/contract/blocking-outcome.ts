/**
 * The reasons a proposal's own outcome gives: the state it ended in (with the
 * error and the redacted lines of its result), the gate's refusal, no live
 * agent to take it further — or none: it ran, runs, or is on its way.
 */
import { logExcerptOf } from '../core/action.js'
import { NOT_STARTED_STATUSES } from '../core/proposal-machine.js'
import type { Proposal } from '../core/records.js'
import { redactText } from '../core/redact.js'
import type { BlockingCode, BlockingReason } from './blocking-codes.js'
import { type EvidenceRef, ref } from './common.js'
import { type ExplainFacts, eventsOf, latest, seqRef, verify } from './explain-facts.js'

const ENDED: readonly BlockingCode[] = [
  'superseded',
  'cancelled',
  'expired',
  'invalid',
  'failed',
  'verify_failed',
  'interrupted',
]

export function outcomeReason(f: ExplainFacts, p: Proposal): BlockingReason | null {
  const code = ENDED.find((c) => c === p.status)
  if (code === undefined) return null
  const moved = latest(f, [`proposal.${p.status}`], p.id)
  const excerpts = resultExcerpts(p)
  const error = resultError(p)
  const why = error && error !== p.reason ? `${p.reason ?? p.status}: ${error}` : (p.reason ?? 'no reason recorded')
  return {
    code,
    message: `it ended \`${p.status}\`: ${redactText(why)}`,
    evidence: [
      ...(moved ? [seqRef(moved)] : []),
      ...excerpts.map((line) => ref.of('redacted_excerpt', line, `result of ${p.id}`)),
      verify(`operator proposal ${p.id}`),
    ],
  }
}

/** The gate refused it for a reason no other code names (the modes and tokens have their own). */
export function refusedReason(f: ExplainFacts, p: Proposal): BlockingReason | null {
  if (p.status !== 'approved') return null
  const approvedAt = latest(f, ['proposal.approved'], p.id)?.seq ?? 0
  const refusal = eventsOf(f, p.id).findLast((e) => e.type === 'execution.refused' && e.seq > approvedAt)
  const reason = typeof refusal?.payload.reason === 'string' ? refusal.payload.reason : null
  if (!refusal || reason === null || /token|kill switch|safety mode/.test(reason)) return null
  return {
    code: 'refused',
    message: `the execution gate refused it: ${redactText(reason)}`,
    evidence: [seqRef(refusal), verify(`operator proposal ${p.id}`)],
  }
}

export function awaitingAgentReason(f: ExplainFacts, p: Proposal): BlockingReason | null {
  if (!NOT_STARTED_STATUSES.includes(p.status) || f.liveAgents.length > 0) return null
  const stopped = latest(f, ['agent.stopped'])
  return {
    code: 'awaiting_agent',
    message: 'no live agent: a running agent takes it through approval and the gate; start one with `operator agent`',
    evidence: [...(stopped ? [seqRef(stopped)] : []), verify('operator next')],
  }
}

/** Not blocked: what it is doing, or how it ended well. */
export function noneReason(f: ExplainFacts, p: Proposal): BlockingReason {
  const last = eventsOf(f, p.id).at(-1)
  const evidence: EvidenceRef[] = [...(last ? [seqRef(last)] : []), verify(`operator proposal ${p.id}`)]
  const agent = f.liveAgents[0]?.id ?? 'the agent'
  const message: Record<string, string> = {
    executed: 'not blocked: executed, waiting for verification',
    verified: 'not blocked: executed and verified',
    executing: `not blocked: executing now (${f.deps.store.executingAgent(p.id) ?? agent})`,
    approved: `not blocked: approved; ${agent} executes it through the gate`,
    proposed: `not blocked: ${agent} is validating it`,
    validated: `not blocked: validated; ${agent} takes it to approval`,
  }
  return { code: 'none', message: message[p.status] ?? `not blocked: ${p.status}`, evidence }
}

/** The action's error, when its result has one. */
export function resultError(p: Proposal): string | null {
  const error = p.result?.error
  return typeof error === 'string' && error.length > 0 ? redactText(error) : null
}

/** The decisive lines the result carries (an action's `details.log_excerpt`), redacted, at most 8. */
export function resultExcerpts(p: Proposal): string[] {
  const details = p.result?.details
  const lines = logExcerptOf(
    details !== null && typeof details === 'object' ? (details as Record<string, unknown>) : {},
  )
  return lines
    .filter((l) => l.trim().length > 0)
    .slice(-8)
    .map((l) => redactText(l.trim()))
}
