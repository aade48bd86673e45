/**
 * The brain seam (DESIGN.md "Brains"): the agent asks a brain for plans, one
 * at a time, and tells it each plan's outcome before it asks again. The agent
 * alone owns claims, attempts, the gate, verification and resolution: a brain
 * never resolves a ticket and never executes anything itself.
 */
import type { Ticket } from '../core/records.js'
import type { Candidate, Violation } from '../core/subject.js'

/** What the agent hands a brain for one claimed ticket. */
export interface BrainInput {
  ticket: Ticket
  violation: Violation
  /** The observation the diagnosis is made from (the subject's own type). */
  observation: unknown
}

/** A plan: ordered steps of catalogue actions with rationale and evidence (a playbook candidate is one). */
export type Plan = Candidate

/** How a plan ended, as the brain is told before it is asked for the next one. */
export interface PlanOutcome {
  /** verified, verify_failed, failed, invalid, denied, expired, refused, superseded, observed, cancelled, deferred. */
  kind: string
  /** In words: the zod message, the rule that denied it, the error, what is still wrong. */
  reason: string
  /** The proposal where it stopped, when there is one. */
  proposal_id: string | null
  /** That proposal's result (summary, error, details: a script's output, a member's log lines), when it ran. */
  result?: Record<string, unknown> | null
}

export type BrainStep =
  | { kind: 'plan'; plan: Plan }
  /** Nothing more to try: `code` is the ticket's escalation reason (no_candidate, budget_exceeded, …). */
  | { kind: 'escalate'; code: string; reason: string }

/** One ticket's conversation with a brain. */
export interface BrainSession {
  /** The next plan, or an escalation. Aborting `signal` aborts what the brain is doing (a model request). */
  next(signal: AbortSignal): Promise<BrainStep>
  /** The outcome of the plan `next` returned last. */
  report(outcome: PlanOutcome): void
  /** Releases what the session holds; records what it found. */
  close(): Promise<void>
}

export interface Brain {
  /** playbook, llm. */
  name: string
  /** The model, for a model brain: shown in the status line and the Agent panel's title. */
  model: string | null
  open(input: BrainInput): BrainSession
}
