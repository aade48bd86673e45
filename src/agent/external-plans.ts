/**
 * Which plan proposed from outside the agent (an outside agent through
 * `operator mcp`) the agent executes next, and which can no longer run. Pure:
 * the agent loop reads proposals and tickets, and acts on the answer
 * (run-external.ts). A plan is one outside proposer's proposals for one
 * ticket and attempt, its steps in order. The rules:
 *
 * - only this run's tickets; a ticket some task holds (in progress) waits for
 *   it; a consequence of another root waits (a victim is not acted on);
 * - a plan runs only when every step is approved — nothing unapproved is
 *   ever picked, and the gate checks again at the moment of execution;
 * - a plan with a step that ended (denied, expired, cancelled…) or started
 *   cannot complete: its steps not yet started are stale; so are the steps
 *   of a plan whose ticket is resolved;
 * - the first runnable plan in ticket order, then attempt, goes first.
 */
import type { ProposalStatus } from '../core/proposal-machine.js'
import type { Proposal, Ticket } from '../core/records.js'

/** What an outside proposer's `created_by` starts with: `mcp:<client name>`. */
export const EXTERNAL_PREFIX = 'mcp:'

export function isExternal(p: Pick<Proposal, 'created_by'>): boolean {
  return p.created_by.startsWith(EXTERNAL_PREFIX)
}

/** Not started and still able to: what a plan's steps are until they run (proposed: being validated now). */
const WAITING: readonly ProposalStatus[] = ['proposed', 'validated', 'awaiting_approval', 'approved']
/** What a stale step can be moved out of the way from (superseded). */
const SUPERSEDABLE: readonly ProposalStatus[] = ['validated', 'awaiting_approval', 'approved']

/** A plan to execute: the ticket and its steps in order, every one approved. */
export interface ExternalPick {
  ticket: Ticket
  steps: Proposal[]
}

export interface ExternalScan {
  pick: ExternalPick | null
  /** Steps not yet started that can never run, with why: to be moved out of the way (superseded). */
  stale: { proposal: Proposal; reason: string }[]
}

export interface ScanInput {
  runId: string
  /** Every proposal of interest (others are ignored), in any order. */
  proposals: readonly Proposal[]
  /** The run's tickets, in ticket order. */
  tickets: readonly Ticket[]
  /** Whether anything may execute now (execute mode, no kill latch): otherwise nothing is picked. */
  mayExecute: boolean
}

export function scanExternal(input: ScanInput): ExternalScan {
  const plans = new Map<string, Proposal[]>()
  for (const p of input.proposals) {
    if (!isExternal(p)) continue
    const key = `${p.ticket_id}\u0000${p.attempt}\u0000${p.created_by}`
    plans.set(key, [...(plans.get(key) ?? []), p])
  }
  const stale: ExternalScan['stale'] = []
  const runnable: ExternalPick[] = []
  for (const steps of plans.values()) {
    steps.sort((a, b) => a.step - b.step)
    const first = steps[0]
    if (!first) continue
    const ticket = input.tickets.find((t) => t.id === first.ticket_id && t.run_id === input.runId)
    if (!ticket || ticket.status === 'in_progress') continue
    const waiting = steps.filter((p) => SUPERSEDABLE.includes(p.status))
    if (waiting.length === 0) continue
    if (ticket.status === 'resolved') {
      for (const p of waiting) stale.push({ proposal: p, reason: `ticket ${ticket.id} is resolved: nothing to do` })
      continue
    }
    const ended = steps.find((p) => !WAITING.includes(p.status))
    if (ended) {
      const reason = `step ${ended.step + 1} of the plan is ${ended.status} (${ended.id}): the plan cannot complete`
      for (const p of waiting) stale.push({ proposal: p, reason })
      continue
    }
    if (ticket.cause_key !== null) continue
    // Every step there (the proposer records them all before any is approved) and every one approved.
    const complete = steps.length === first.steps && steps.every((p, i) => p.step === i)
    if (complete && steps.every((p) => p.status === 'approved')) runnable.push({ ticket, steps })
  }
  const order = (t: Ticket) => input.tickets.indexOf(t)
  runnable.sort((a, b) => order(a.ticket) - order(b.ticket) || (a.steps[0]?.attempt ?? 0) - (b.steps[0]?.attempt ?? 0))
  return { pick: input.mayExecute ? (runnable[0] ?? null) : null, stale }
}
