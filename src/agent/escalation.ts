/**
 * What an escalation tells a person: the attempts that failed (each with the
 * action's error and details), the decisive lines of the log that made the
 * last one fail, the subject's advice, and one line that says it all — the
 * summary `operator tickets` and the Monitor panel show. Pure.
 */
import { logExcerptOf } from '../core/action.js'
import type { Proposal } from '../core/records.js'
import type { FailedAttempt } from '../core/subject.js'

/** The evidence an escalation event carries (a type, so it is a plain payload record). */
export type EscalationEvidence = {
  /** One line for people: what failed, what its log says, what to consider. */
  summary: string
  /** The subject's advice; null when it has none. */
  advice: string | null
  /** The decisive log lines of the last failed attempt (redacted by the action); [] when none. */
  log_excerpt: string[]
  attempts: FailedAttempt[]
}

const MAX_SUMMARY = 400

/** A failed candidate's last proposal as a failed attempt: the action's error and details when it ran. */
export function failedAttempt(outcome: string, proposal: Proposal, reason: string): FailedAttempt {
  const result = proposal.result ?? {}
  const details = result.details
  return {
    proposal_id: proposal.id,
    action: proposal.action,
    params: proposal.params,
    outcome,
    summary: typeof result.summary === 'string' ? result.summary : reason,
    error: typeof result.error === 'string' ? result.error : outcome === 'failed' ? reason : null,
    details: details !== null && typeof details === 'object' ? (details as Record<string, unknown>) : {},
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > MAX_SUMMARY ? `${flat.slice(0, MAX_SUMMARY - 3)}...` : flat
}

function paramsText(params: Record<string, unknown>): string {
  const values = Object.values(params)
  return values.length === 0 ? '' : ` ${values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' ')}`
}

/**
 * The escalation's evidence: without failed attempts the summary is the
 * reason itself; with them, the last one's action, how it ended and the
 * decisive line of its log (else its error), then the advice.
 */
export function escalationEvidence(
  reason: string,
  failures: readonly FailedAttempt[],
  advice: string | null,
): EscalationEvidence {
  const last = failures.at(-1)
  const excerpt = logExcerptOf(last?.details)
  let what = reason
  if (last !== undefined) {
    const why = excerpt.at(-1) ?? last.error ?? last.summary
    what = `${last.action}${paramsText(last.params)} ${last.outcome.replace('_', ' ')}: ${why}`
  }
  return {
    summary: oneLine(advice !== null ? `${what} — ${advice}` : what),
    advice,
    log_excerpt: excerpt,
    attempts: [...failures],
  }
}
