/**
 * A plan proposed from outside the agent (an outside agent through `operator
 * mcp`): its steps become proposals by `mcp:<client>` and pass exactly the
 * agent's stages — params, the healthy-target guard, policy and risk
 * (validate-step.ts), then the approval stage by the modes now (run-step.ts).
 * Nothing here approves for a person or executes: an approved plan is
 * executed by the running agent, through the gate (agent/run-external.ts).
 */
import { type AgentContext, DEFAULT_AGENT_SETTINGS } from '../agent/context.js'
import { EXTERNAL_PREFIX } from '../agent/external-plans.js'
import { approvalStage, createStep } from '../agent/run-step.js'
import { move } from '../agent/step-stages.js'
import { validateStep } from '../agent/validate-step.js'
import { OperatorError } from '../core/errors.js'
import type { Proposal, Ticket } from '../core/records.js'
import type { PlannedAction, Subject } from '../core/subject.js'
import type { Logger } from '../log/logger.js'
import type { SigningKey } from '../safety/approvals.js'
import type { ContractDeps } from './common.js'
import { type ProposeResult, proposeResult } from './propose-result.js'

export { type ProposeResult, ProposeResultSchema } from './propose-result.js'

/** What proposing needs beyond the contract's deps: the run's subject, a log, the token-signing key. */
export interface ProposeDeps extends ContractDeps {
  subject: Subject
  logger: Logger
  key: () => SigningKey
}

export interface PlanInput {
  ticketId: string
  steps: PlannedAction[]
  rationale: string
  evidence: Record<string, unknown>
  /** Who proposes: `mcp:<client name>`. */
  createdBy: string
}

/** Proposes a plan for a ticket; the result says, per step, where it stands and what it waits for. */
export async function proposePlan(deps: ProposeDeps, plan: PlanInput, signal: AbortSignal): Promise<ProposeResult> {
  const ticket = proposable(deps, plan)
  const observation = await deps.subject.observe(signal)
  const ctx: AgentContext = {
    agentId: plan.createdBy,
    governance: { policy: deps.policy, key: deps.key },
    subject: deps.subject,
    store: deps.store,
    clock: deps.clock,
    logger: deps.logger,
    settings: DEFAULT_AGENT_SETTINGS,
  }
  const attempt = deps.store.proposals({ ticketId: ticket.id }).reduce((max, p) => Math.max(max, p.attempt + 1), 0)
  const made: Proposal[] = []
  let refused: string | null = null
  // Every step is recorded and validated before any is approved: the agent runs a plan only once all of it is there.
  for (const [step, planned] of plan.steps.entries()) {
    const pos = { attempt, step, steps: plan.steps.length, rationale: plan.rationale }
    const checked = validateStep(ctx, ticket, createStep(ctx, ticket, planned, pos, plan.createdBy), observation)
    made.push(checked.proposal)
    if (checked.kind !== 'validated') {
      refused = `step ${step + 1} (${planned.action}) is ${checked.kind}: ${checked.reason}`
      break
    }
  }
  const recorded = refused === null ? made.map((p) => approvalStage(ctx, ticket, p)) : withdraw(ctx, made, refused)
  deps.store.append({
    run_id: ticket.run_id,
    actor: plan.createdBy,
    type: 'plan.proposed',
    payload: {
      ticket_id: ticket.id,
      created_by: plan.createdBy,
      attempt,
      steps: plan.steps,
      rationale: plan.rationale,
      evidence: plan.evidence,
      proposals: recorded.map((p) => p.id),
      refused,
    },
  })
  return proposeResult(deps, ticket, recorded, refused)
}

/** The ticket, if a plan may be proposed for it; otherwise the reason, and the fix. */
function proposable(deps: ProposeDeps, plan: PlanInput): Ticket {
  if (!plan.createdBy.startsWith(EXTERNAL_PREFIX))
    throw new OperatorError('internal', `proposer "${plan.createdBy}" lacks ${EXTERNAL_PREFIX}`, 'report it')
  if (plan.steps.length === 0)
    throw new OperatorError('usage', 'the plan has no steps', 'give at least one step: {action, params}')
  const ticket = deps.store.ticket(plan.ticketId)
  if (ticket.status === 'resolved')
    throw new OperatorError(
      'conflict',
      `ticket ${ticket.id} is resolved: nothing to repair`,
      'propose for an open or escalated ticket (the tickets tool lists them)',
    )
  if (ticket.run_id !== deps.subject.run_id)
    throw new OperatorError(
      'conflict',
      `ticket ${ticket.id} belongs to run ${ticket.run_id}, not the current run ${deps.subject.run_id}`,
      'propose for a ticket of the current run: its agent is the one that executes',
    )
  return ticket
}

/** A plan with a step that failed validation is not proposed at all: its validated steps are cancelled. */
function withdraw(ctx: AgentContext, made: Proposal[], refused: string): Proposal[] {
  return made.map((p) => (p.status === 'validated' ? move(ctx, p, 'cancelled', `the plan was refused: ${refused}`) : p))
}
