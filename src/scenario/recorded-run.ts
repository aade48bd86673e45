/**
 * A scenario run as the database recorded it: the runner's own events
 * (`scenario.*`: steps with their times, steady-state transitions, the end of
 * the observation), the run's tickets and proposals and the proposals'
 * events. Expectations and timings are computed from this alone, so a run
 * can be evaluated again from its records (and tests use recorded runs).
 */
import { z } from 'zod'
import { PROPOSAL_STATUSES } from '../core/proposal-machine.js'
import { AuditEvent, Proposal, Ticket } from '../core/records.js'
import type { Store } from '../store/store.js'

/** Event types the runner writes. */
export const SCENARIO_EVENTS = {
  started: 'scenario.started',
  initialSteady: 'scenario.initial_steady_state',
  methodStarted: 'scenario.method_started',
  step: 'scenario.step',
  steady: 'scenario.steady_state',
  observationEnded: 'scenario.observation_ended',
  rollback: 'scenario.rollback',
  finished: 'scenario.finished',
} as const

/** One method or rollback step as it ran. */
export const StepRecord = z.object({
  phase: z.enum(['method', 'rollback']),
  /** Index in the scenario's method or rollbacks list. */
  index: z.number().int(),
  kind: z.enum(['fault', 'action']),
  name: z.string(),
  /** The target as written (member, leader, follower, random, faulted), or null. */
  target: z.string().nullable(),
  /** The seed random used, when the target is random. */
  seed: z.number().nullable(),
  /** The members it hit. */
  targets: z.array(z.string()),
  started_at: z.number(),
  done_at: z.number(),
  status: z.enum(['ok', 'failed', 'skipped']),
  summary: z.string(),
})
export type StepRecord = z.infer<typeof StepRecord>

/** A change of the steady state as the runner saw it: from `at` on, until the next one. */
export const SteadySample = z.object({ at: z.number(), ok: z.boolean(), violations: z.array(z.string()) })
export type SteadySample = z.infer<typeof SteadySample>

export interface RecordedRun {
  run_id: string
  /** When the runner started the scenario (after the cluster was up). */
  started_at: number
  /** When the first step fired: every expectation is measured from here. Null when the method never started. */
  method_started_at: number | null
  /** Steady state must hold this long to count. */
  hold_ms: number
  /** Method steps, in the order they ran. */
  steps: StepRecord[]
  /** Rollback steps, in the order they ran. */
  rollbacks: StepRecord[]
  /** Steady-state transitions from the method's start on. */
  steady: SteadySample[]
  /** When the runner stopped observing; null while it still does. */
  observation_ended_at: number | null
  tickets: Ticket[]
  proposals: Proposal[]
  /** `proposal.*` events of the run's proposals. */
  proposal_events: AuditEvent[]
}

const Started = z.object({ hold_ms: z.number() })
const At = z.object({ at: z.number() })

/** Builds the recorded run from a run's events, tickets and proposals (all proposals; the run's are picked by ticket). */
export function recordedRunFromRecords(
  runId: string,
  events: readonly AuditEvent[],
  tickets: readonly Ticket[],
  proposals: readonly Proposal[],
): RecordedRun {
  const mine = events.filter((e) => e.run_id === runId)
  const started = mine.find((e) => e.type === SCENARIO_EVENTS.started)
  const methodStarted = mine.find((e) => e.type === SCENARIO_EVENTS.methodStarted)
  const ended = mine.find((e) => e.type === SCENARIO_EVENTS.observationEnded)
  const runTickets = tickets.filter((t) => t.run_id === runId)
  const ticketIds = new Set(runTickets.map((t) => t.id))
  const runProposals = proposals.filter((p) => ticketIds.has(p.ticket_id))
  const proposalIds = new Set(runProposals.map((p) => p.id))
  return {
    run_id: runId,
    started_at: started?.ts ?? mine[0]?.ts ?? 0,
    method_started_at: methodStarted ? At.parse(methodStarted.payload).at : null,
    hold_ms: started ? Started.parse(started.payload).hold_ms : 0,
    steps: mine.filter((e) => e.type === SCENARIO_EVENTS.step).map((e) => StepRecord.parse(e.payload)),
    rollbacks: mine.filter((e) => e.type === SCENARIO_EVENTS.rollback).map((e) => StepRecord.parse(e.payload)),
    steady: mine.filter((e) => e.type === SCENARIO_EVENTS.steady).map((e) => SteadySample.parse(e.payload)),
    observation_ended_at: ended ? At.parse(ended.payload).at : null,
    tickets: [...runTickets],
    proposals: [...runProposals],
    proposal_events: mine.filter(
      (e) => e.type.startsWith('proposal.') && proposalIds.has(String(e.payload.proposal_id)),
    ),
  }
}

/** The event types a recorded run is built from (not the monitor's polls). */
export const RECORDED_EVENT_TYPES: readonly string[] = [
  ...Object.values(SCENARIO_EVENTS),
  ...PROPOSAL_STATUSES.map((s) => `proposal.${s}`),
]

/** The records of a run as the store holds them now. */
export function readRunRecords(store: Store, runId: string): RunRecords {
  const tickets = store.tickets({ runId })
  const proposals = tickets.flatMap((t) => store.proposals({ ticketId: t.id }))
  return { run_id: runId, events: store.events({ runId, types: RECORDED_EVENT_TYPES }), tickets, proposals }
}

/** The run as the store holds it now. */
export function collectRecordedRun(store: Store, runId: string): RecordedRun {
  const r = readRunRecords(store, runId)
  return recordedRunFromRecords(runId, r.events, r.tickets, r.proposals)
}

/** The records a recorded run is built from, as a fixture file holds them. */
export const RunRecords = z.object({
  run_id: z.string(),
  events: z.array(AuditEvent),
  tickets: z.array(Ticket),
  proposals: z.array(Proposal),
})
export type RunRecords = z.infer<typeof RunRecords>
