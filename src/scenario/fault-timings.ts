/**
 * Time to detect and time to repair, per fault of the method. Pure, over a
 * recorded run. A ticket about a member belongs to the latest fault that hit
 * that member before it opened (faults injected together each get their own
 * member's ticket); any other ticket (a victim, the cluster as a whole)
 * belongs to the latest fault injected before it opened.
 */
import type { RecordedRun } from './recorded-run.js'

export interface FaultTiming {
  /** Index of the step in the method. */
  step: number
  fault: string
  targets: string[]
  started_at: number
  /** How long the injection itself took (a fill runs until the quota is full). */
  inject_ms: number
  /** First ticket opened after the injection began; null when none was. */
  time_to_detect_ms: number | null
  /** When the last of those tickets was resolved; null when one is still unresolved (or none was opened). */
  time_to_repair_ms: number | null
  tickets: { id: string; key: string; status: string; opened_after_ms: number; resolved_after_ms: number | null }[]
}

export function faultTimings(run: RecordedRun, now: number): FaultTiming[] {
  const end = run.observation_ended_at ?? now
  const faults = run.steps
    .filter((s) => s.phase === 'method' && s.kind === 'fault' && s.status === 'ok')
    .sort((a, b) => a.started_at - b.started_at)
  const owner = (t: RecordedRun['tickets'][number]) => {
    const before = faults.filter((f) => f.started_at <= t.opened_at && t.opened_at < end)
    return before.findLast((f) => t.target !== null && f.targets.includes(t.target)) ?? before.at(-1)
  }
  return faults.map((f) => {
    const tickets = run.tickets
      .filter((t) => owner(t) === f)
      .sort((a, b) => a.opened_at - b.opened_at)
      .map((t) => {
        const resolved = t.resolved_at !== null && t.resolved_at <= end ? t.resolved_at : null
        return {
          id: t.id,
          key: t.key,
          status: resolved === null && t.status === 'resolved' ? 'resolved later' : t.status,
          opened_after_ms: t.opened_at - f.started_at,
          resolved_after_ms: resolved === null ? null : resolved - f.started_at,
        }
      })
    const first = tickets[0]
    const allResolved = tickets.length > 0 && tickets.every((t) => t.resolved_after_ms !== null)
    return {
      step: f.index,
      fault: f.name,
      targets: f.targets,
      started_at: f.started_at,
      inject_ms: f.done_at - f.started_at,
      time_to_detect_ms: first ? first.opened_after_ms : null,
      time_to_repair_ms: allResolved ? Math.max(...tickets.map((t) => t.resolved_after_ms ?? 0)) : null,
      tickets,
    }
  })
}
