/**
 * Building host action results. A refusal is a failed result that names the
 * rule which refused it (`details.rule`), so a person and the audit log can
 * see why nothing was done.
 */
import type { ActionResult } from '../../core/subject.js'

export function ok(summary: string, details?: Record<string, unknown>): ActionResult {
  return details === undefined ? { status: 'ok', summary } : { status: 'ok', summary, details }
}

export function failed(summary: string, error: string, details?: Record<string, unknown>): ActionResult {
  return details === undefined ? { status: 'failed', summary, error } : { status: 'failed', summary, error, details }
}

/** A failed result for an action the host executor would not attempt. */
export function refused(
  what: string,
  rule: string,
  reason: string,
  details: Record<string, unknown> = {},
): ActionResult {
  return failed(`refused to ${what}: ${rule}`, reason, { ...details, refused: true, rule })
}
