/**
 * `timeline(deps, id)`: a run's or a ticket's audit events in order, one
 * redacted line each. A ticket's include its proposals' events and the mode
 * changes and kill switch while it was open; a run's include the changes of
 * modes (which name no run) between its start and its end.
 */
import { z } from 'zod'
import type { AuditEvent } from '../core/records.js'
import { type ContractDeps, EvidenceRef, ref, SCHEMA_VERSION, SchemaVersion } from './common.js'
import { eventLine } from './explain-event-lines.js'
import { gatherFacts, verify } from './explain-facts.js'
import { runFacts } from './explain-runs.js'
import { evidenceLine, iso } from './explain-text.js'

export const TimelineEvent = z
  .object({
    seq: z.number().int(),
    ts: z.number(),
    type: z.string(),
    actor: z.string(),
    /** One line, redacted. */
    summary: z.string(),
    ticket_id: z.string().optional(),
    proposal_id: z.string().optional(),
  })
  .strict()
export type TimelineEvent = z.infer<typeof TimelineEvent>

export const Timeline = z
  .object({
    schema_version: SchemaVersion,
    scope: z.enum(['run', 'ticket', 'proposal']),
    id: z.string(),
    run_id: z.string().nullable(),
    events: z.array(TimelineEvent),
    evidence: z.array(EvidenceRef),
  })
  .strict()
export type Timeline = z.infer<typeof Timeline>

/** Events that name no run but change what every run may do. */
const GLOBAL_TYPES = ['mode.changed', 'mode.refused', 'kill_switch.engaged']

export function timeline(deps: ContractDeps, id: string): Timeline {
  const f = gatherFacts(deps)
  const within = (from: number, to: number | null) => (e: AuditEvent) =>
    e.run_id === null && GLOBAL_TYPES.includes(e.type) && e.ts >= from && e.ts <= (to ?? f.now)
  let scope: Timeline['scope']
  let runId: string | null
  let picked: AuditEvent[]
  let owner = new Map<string, string>()
  if (/^[PT]-\d+$/.test(id)) {
    const ticket = deps.store.ticket(id.startsWith('P-') ? deps.store.proposal(id).ticket_id : id)
    const ids = id.startsWith('P-') ? [id] : deps.store.proposals({ ticketId: ticket.id }).map((p) => p.id)
    owner = new Map(ids.map((p) => [p, ticket.id]))
    const mine = (e: AuditEvent) =>
      (id.startsWith('T-') && e.payload.ticket_id === ticket.id) ||
      ids.includes(String(e.payload.proposal_id)) ||
      (e.type === 'kill_switch.engaged' && namesAny(e, ids))
    picked = f.events.filter((e) => mine(e) || within(ticket.opened_at, ticket.resolved_at)(e))
    scope = id.startsWith('P-') ? 'proposal' : 'ticket'
    runId = ticket.run_id
  } else {
    const run = runFacts(deps.store, id, f.now)
    for (const t of run.tickets) for (const p of deps.store.proposals({ ticketId: t.id })) owner.set(p.id, t.id)
    const global = f.events.filter(within(run.started_at, run.ended_at))
    picked = [...run.events, ...global].sort((a, b) => a.seq - b.seq)
    scope = 'run'
    runId = run.id
  }
  const first = picked[0]
  const last = picked.at(-1)
  return {
    schema_version: SCHEMA_VERSION,
    scope,
    id,
    run_id: runId,
    events: picked.map((e) => line(e, owner)),
    evidence: [
      ...(first && last ? [ref.seq([first.seq, last.seq], `${picked.length} events`)] : []),
      verify('operator audit verify'),
    ],
  }
}

function namesAny(e: AuditEvent, ids: readonly string[]): boolean {
  const named = [e.payload.proposal_ids, e.payload.proposals_interrupted].flat()
  return named.some((x) => typeof x === 'string' && ids.includes(x))
}

function line(e: AuditEvent, owner: ReadonlyMap<string, string>): TimelineEvent {
  const proposal = typeof e.payload.proposal_id === 'string' ? e.payload.proposal_id : undefined
  const ticket = typeof e.payload.ticket_id === 'string' ? e.payload.ticket_id : proposal && owner.get(proposal)
  return {
    seq: e.seq,
    ts: e.ts,
    type: e.type,
    actor: e.actor,
    summary: eventLine(e),
    ...(ticket ? { ticket_id: ticket } : {}),
    ...(proposal ? { proposal_id: proposal } : {}),
  }
}

export function timelineText(t: Timeline): string {
  const head = `${t.scope} ${t.id}${t.run_id && t.run_id !== t.id ? ` (run ${t.run_id})` : ''}: ${t.events.length} event${t.events.length === 1 ? '' : 's'}`
  const rows = t.events.map((e) => `  ${iso(e.ts)}  #${String(e.seq).padEnd(5)} ${e.actor.padEnd(10)} ${e.summary}`)
  return [head, ...rows, `  ${evidenceLine(t.evidence)}`].join('\n')
}
