/**
 * The runs the screen switches between (`demo --clusters N`) and which one
 * the panels show. It starts with one run of no known id, so a single run
 * never needs naming; the first run named takes that one over, with what
 * arrived before it was named. Routes a database snapshot's tickets and
 * proposals to their runs.
 */
import type { Proposal, Ticket } from '../core/records.js'
import { RunView, type RunViewCapacity } from './run-view.js'

export class RunList {
  readonly all: RunView[]
  /** Which run the panels show. */
  index = 0

  constructor(private readonly capacity: RunViewCapacity) {
    this.all = [new RunView(null, capacity)]
  }

  get first(): RunView {
    return this.all[0] as RunView
  }

  get selected(): RunView {
    return this.all[this.index] ?? this.first
  }

  /** The run of that id, when it is one of the known runs. */
  find(runId: unknown): RunView | undefined {
    return typeof runId === 'string' ? this.all.find((r) => r.id === runId) : undefined
  }

  /** Adds a run (known runs are kept as they are). */
  add(id: string): void {
    if (this.find(id)) return
    if (this.all.length === 1 && this.first.id === null) this.first.id = id
    else this.all.push(new RunView(id, this.capacity))
  }

  /** Selects the next (1) or previous (-1) run; false when there is only one. */
  cycle(delta: number): boolean {
    const n = this.all.length
    if (n < 2) return false
    this.index = (((this.index + delta) % n) + n) % n
    return true
  }

  /** Each ticket to its run, each proposal to its ticket's; what names no known run goes to the first. */
  distribute(tickets: readonly Ticket[], proposals: readonly Proposal[]): void {
    const ticketRun = new Map(tickets.map((t) => [t.id, t.run_id]))
    for (const run of this.all) {
      run.tickets = []
      run.pending = []
      run.executing = []
    }
    for (const t of tickets) (this.find(t.run_id) ?? this.first).tickets.push(t)
    for (const p of proposals) {
      const run = this.find(ticketRun.get(p.ticket_id)) ?? this.first
      if (p.status === 'awaiting_approval') run.pending.push(p)
      else if (p.status === 'executing') run.executing.push(p)
    }
  }
}
