/**
 * The verdict of one expectation and the wording shared by its kinds: what
 * must happen by a deadline, and how a deadline cut short by the end of the
 * observation is said.
 */
import { formatMs } from './duration.js'

export type ExpectationStatus = 'passed' | 'failed' | 'pending'

/** What an expectation's evaluation decides, before its index, kind and text are added. */
export interface Verdict {
  status: ExpectationStatus
  /** When it happened, after the method started (for no_execution: how many executions). */
  measured_ms: number | null
  /** What was found, in words. */
  detail: string
  /** Ids of the tickets or proposals it rests on. */
  evidence: string[]
}

/** ` (later than 30s)` when a measured time is past its window, else nothing. */
export function lateness(measured: number, within: number): string {
  return measured <= within ? '' : ` (later than ${formatMs(within)})`
}

/** `within 30s`, or — when the observation ended before the deadline (an abort) — when it ended. */
export function endedIn(base: number, within: number, end: number): string {
  return end < base + within
    ? `before the observation ended (after ${formatMs(end - base)} of ${formatMs(within)})`
    : `within ${formatMs(within)}`
}

/** Something that must happen by a deadline: first occurrence decides. */
export function byDeadline(
  first: { at: number; what: string; id: string } | undefined,
  base: number,
  within: number,
  now: number,
  final: boolean,
  missing: string,
): Verdict {
  if (first !== undefined) {
    const measured = first.at - base
    return {
      status: measured <= within ? 'passed' : 'failed',
      measured_ms: measured,
      detail: `${first.what} after ${formatMs(measured)}${lateness(measured, within)}`,
      evidence: [first.id],
    }
  }
  const over = final || now > base + within
  return {
    status: over ? 'failed' : 'pending',
    measured_ms: null,
    detail: over ? `${missing} ${endedIn(base, within, now)}` : `waiting: ${missing} yet`,
    evidence: [],
  }
}
