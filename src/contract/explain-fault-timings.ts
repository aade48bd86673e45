/**
 * Time to detect and time to repair per fault of a run, from its audit log —
 * the rule the scenario report uses: a ticket about a member belongs to the
 * latest fault that hit that member before it opened, any other ticket to
 * the latest fault before it opened. Detect: its first ticket opened; repair:
 * the last of its tickets resolved (null while one is not). Pure.
 */
import type { AuditEvent, Ticket } from '../core/records.js'

export interface FaultTiming {
  seq: number
  fault: string
  targets: string[]
  at: number
  tickets: string[]
  time_to_detect_ms: number | null
  time_to_repair_ms: number | null
}

export function faultTimings(events: readonly AuditEvent[], tickets: readonly Ticket[], end: number): FaultTiming[] {
  const faults = events
    .filter((e) => e.type === 'fault.injected')
    .map((e) => ({
      e,
      targets: Array.isArray(e.payload.targets) ? e.payload.targets.filter((t) => typeof t === 'string') : [],
    }))
  const owner = (t: Ticket) => {
    const before = faults.filter((f) => f.e.ts <= t.opened_at && t.opened_at <= end)
    return before.findLast((f) => t.target !== null && f.targets.includes(t.target)) ?? before.at(-1)
  }
  return faults.map((f) => {
    const mine = tickets.filter((t) => owner(t) === f).sort((a, b) => a.opened_at - b.opened_at)
    const firstOpened = mine[0]
    const resolvedAll = mine.length > 0 && mine.every((t) => t.resolved_at !== null && t.resolved_at <= end)
    return {
      seq: f.e.seq,
      fault: typeof f.e.payload.fault === 'string' ? f.e.payload.fault : 'unknown',
      targets: f.targets,
      at: f.e.ts,
      tickets: mine.map((t) => t.id),
      time_to_detect_ms: firstOpened ? firstOpened.opened_at - f.e.ts : null,
      time_to_repair_ms: resolvedAll ? Math.max(...mine.map((t) => (t.resolved_at ?? f.e.ts) - f.e.ts)) : null,
    }
  })
}

/** The median of the values that are not null; null when none is. */
export function median(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b)
  if (known.length === 0) return null
  const mid = Math.floor(known.length / 2)
  const upper = known[mid] ?? 0
  return known.length % 2 === 1 ? upper : Math.round(((known[mid - 1] ?? upper) + upper) / 2)
}
