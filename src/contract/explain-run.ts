/**
 * A run explained: running or ended, and each of its tickets in one line —
 * its root cause, what blocks its newest proposal, or how it was resolved.
 */
import type { Ticket } from '../core/records.js'
import { type EvidenceRef, ref, SCHEMA_VERSION } from './common.js'
import type { ExplainFacts } from './explain-facts.js'
import { verify } from './explain-facts.js'
import type { RunFacts } from './explain-runs.js'
import type { RunExplanation } from './explain-schema.js'
import { explainTicket } from './explain-ticket.js'

export function explainRun(f: ExplainFacts, run: RunFacts): RunExplanation {
  const first = run.events[0]
  const last = run.events.at(-1)
  const range: EvidenceRef[] = first && last ? [ref.seq([first.seq, last.seq], 'the run’s events')] : []
  return {
    schema_version: SCHEMA_VERSION,
    kind: 'run',
    id: run.id,
    status: run.status,
    started_at: run.started_at,
    ended_at: run.ended_at,
    tickets: run.tickets.map((t) => ticketBrief(f, t)),
    evidence: [ref.of('run_id', run.id), ...range, verify(`operator timeline ${run.id}`), verify('operator tickets')],
  }
}

function ticketBrief(f: ExplainFacts, t: Ticket): RunExplanation['tickets'][number] {
  const e = explainTicket(f, t)
  const newest = e.proposals.at(-1)
  const codes = newest?.reasons.map((r) => r.code) ?? []
  const blocker = newest?.reasons[0]
  const summary =
    e.root_cause !== null
      ? `${e.root_cause.code}: ${e.root_cause.summary}`
      : t.status === 'resolved'
        ? `resolved: ${e.status_reason ?? 'no reason recorded'}`
        : newest && blocker
          ? `${newest.id} ${newest.action} ${newest.status}: ${blocker.message}`
          : e.follows !== null
            ? `follows ${e.follows}: it resolves with its root`
            : `${t.status}: no proposal yet`
  return { id: t.id, key: t.key, status: t.status, summary, codes }
}
