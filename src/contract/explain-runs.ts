/**
 * Runs as the contract sees them: a run id is the cluster's (`cluster up`,
 * a demo, a scenario), known from its audit events, its tickets or its
 * recording. A run is running until its cluster went down or its recording
 * ended; the newest is the one whose cluster came up last.
 */
import { OperatorError } from '../core/errors.js'
import type { AuditEvent, Ticket } from '../core/records.js'
import type { Store } from '../store/store.js'

export interface RunFacts {
  id: string
  status: 'running' | 'ended'
  started_at: number
  ended_at: number | null
  subject: string | null
  /** How it was recorded (demo, headless, scenario); null: not recorded (CLI `cluster up`). */
  kind: string | null
  /** Its own events (run_id = id), oldest first. */
  events: AuditEvent[]
  tickets: Ticket[]
}

/** The newest run: whose cluster came up last, else the newest event or recording naming one; null: none yet. */
export function newestRunId(store: Store): string | null {
  const up = store.events({ types: ['cluster.up'] }).at(-1)?.run_id
  if (up) return up
  const newestEvent = store
    .events({ types: ['agent.started', 'proposal.executing', 'ticket.opened'] })
    .findLast((e) => e.run_id !== null)
  return newestEvent?.run_id ?? store.recordedRuns()[0]?.id ?? null
}

/** A run's facts; not_found when nothing names it. */
export function runFacts(store: Store, id: string, now: number): RunFacts {
  const events = store.events({ runId: id })
  const tickets = store.tickets({ runId: id })
  const recorded = store.recordedRuns().find((r) => r.id === id)
  if (events.length === 0 && tickets.length === 0 && !recorded) throw unknownRun(id)
  const lastUp = events.findLast((e) => e.type === 'cluster.up')
  const down = events.findLast((e) => e.type === 'cluster.down' && e.seq > (lastUp?.seq ?? 0))
  const started = Math.min(
    ...[events[0]?.ts, tickets[0]?.opened_at, recorded?.started_at].filter((t): t is number => t !== undefined),
  )
  const ended = recorded?.ended_at ?? down?.ts ?? null
  const subjectOf = lastUp?.payload.subject
  return {
    id,
    status: ended === null ? 'running' : 'ended',
    started_at: Number.isFinite(started) ? started : now,
    ended_at: ended,
    subject: recorded?.subject ?? (typeof subjectOf === 'string' ? subjectOf : (tickets[0]?.subject ?? null)),
    kind: recorded?.kind ?? null,
    events,
    tickets,
  }
}

/** The run given, or the newest; not_found when there is none. */
export function resolveRun(store: Store, runId: string | undefined, now: number): RunFacts {
  const id = runId ?? newestRunId(store)
  if (id === null)
    throw new OperatorError(
      'not_found',
      'no run in this database yet',
      'start one with `operator cluster up` or `operator demo`',
    )
  return runFacts(store, id, now)
}

function unknownRun(id: string): OperatorError {
  return new OperatorError(
    'not_found',
    `no proposal, ticket or run ${id}`,
    'ids look like P-3 (`operator proposals`), T-2 (`operator tickets`) or a run id (`operator runs list`)',
  )
}
