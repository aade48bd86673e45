/**
 * `operator proposals` and `operator tickets`: what is in the database now.
 * An escalated ticket shows what its escalation event says a person needs:
 * the one-line summary (and in JSON, the log excerpt, advice and attempts).
 */
import type { Command } from 'commander'
import { z } from 'zod'
import { ProposalStatusSchema, type Ticket, TicketStatus } from '../core/records.js'
import type { Store } from '../store/store.js'
import { output, parseOptions, withStore } from './context.js'

const ProposalsOptions = z.object({
  status: z.array(ProposalStatusSchema).optional(),
  ticket: z.string().optional(),
  json: z.boolean().optional(),
})
const TicketsOptions = z.object({ status: z.array(TicketStatus).optional(), json: z.boolean().optional() })
const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',')]

/** Each escalated ticket with the evidence of its latest escalation event (null when it carried none). */
function withEscalations(store: Store, tickets: Ticket[]) {
  const latest = new Map<string, Record<string, unknown>>()
  if (tickets.some((t) => t.status === 'escalated')) {
    for (const e of store.events({ types: ['ticket.escalated'] })) {
      const { ticket_id, evidence } = e.payload
      if (typeof ticket_id !== 'string') continue
      if (evidence !== null && typeof evidence === 'object') latest.set(ticket_id, evidence as Record<string, unknown>)
      else latest.delete(ticket_id)
    }
  }
  return tickets.map((t) => ({ ...t, escalation: t.status === 'escalated' ? (latest.get(t.id) ?? null) : null }))
}

export function registerLists(program: Command): void {
  program
    .command('proposals')
    .description('list proposals with their status')
    .option('--status <status>', 'only these statuses (repeatable, comma-separated)', collect)
    .option('--ticket <id>', 'only this ticket’s')
    .option('--json', 'print as JSON')
    .action(async (raw: unknown) => {
      const o = parseOptions(ProposalsOptions, raw, 'proposals')
      await withStore((store) => {
        const proposals = store.proposals({
          ...(o.status ? { status: o.status } : {}),
          ...(o.ticket ? { ticketId: o.ticket } : {}),
        })
        output(o.json, { proposals }, (r) =>
          r.proposals.length === 0
            ? 'no proposals'
            : r.proposals
                .map((p) => {
                  const columns = `${p.id.padEnd(6)} ${p.ticket_id.padEnd(6)} ${p.status.padEnd(18)}`
                  const reason = p.reason ? `  — ${p.reason}` : ''
                  return `${columns} ${p.action} ${JSON.stringify(p.params)}  risk ${p.risk} tier ${p.tier}${reason}`
                })
                .join('\n'),
        )
      })
    })

  program
    .command('tickets')
    .description('list tickets with their status')
    .option('--status <status>', 'only these statuses (repeatable, comma-separated)', collect)
    .option('--json', 'print as JSON')
    .action(async (raw: unknown) => {
      const o = parseOptions(TicketsOptions, raw, 'tickets')
      await withStore((store) => {
        const tickets = withEscalations(store, store.tickets(o.status ? { status: o.status } : {}))
        // Tickets of several runs (one monitor over many, or runs one after another) say whose they are.
        const runs = new Set(tickets.map((t) => t.run_id))
        output(o.json, { tickets }, (r) =>
          r.tickets.length === 0
            ? 'no tickets'
            : r.tickets
                .map((t) => {
                  const run = runs.size > 1 ? ` ${t.run_id}` : ''
                  const columns = `${t.id.padEnd(6)} ${t.status.padEnd(11)} ${t.severity.padEnd(8)}${run}`
                  const escalation = t.escalation_reason ? `  [${t.escalation_reason}]` : ''
                  const summary =
                    typeof t.escalation?.summary === 'string' ? `\n${' '.repeat(7)}↳ ${t.escalation.summary}` : ''
                  // A consequence names the root it follows from (it resolves with it, and is never acted on).
                  const follows =
                    t.cause_key !== null
                      ? `\n${' '.repeat(7)}↳ follows ${t.cause_ticket ?? t.cause_key}: ${t.triage_reason ?? ''}`
                      : ''
                  return `${columns} ${t.key}  ×${t.occurrences}  ${t.message}${escalation}${summary}${follows}`
                })
                .join('\n'),
        )
      })
    })
}
