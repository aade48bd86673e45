/**
 * The scenario file (`scenarios/*.yaml`, DESIGN.md "Scenarios and replay"):
 * subject and runtime, modes, a steady-state hypothesis, a method of timed
 * faults and actions, expectations and rollbacks. Strict objects, so a
 * misspelt key is an error with its line; names of faults, actions,
 * invariants and members are checked against the subject in
 * check-references.ts. scenario.schema.json is generated from this.
 */
import { z } from 'zod'
import { ApprovalMode, ProposalStatusSchema, SafetyMode } from '../core/records.js'
import { Duration } from './duration.js'

const Target = z.string().min(1).meta({
  description:
    'a member name (m1), leader, follower, random (with seed), or — in rollbacks — faulted: every member the method hit',
})

const stepFields = {
  fault: z
    .string()
    .min(1)
    .optional()
    .meta({ description: "one of the subject's faults (kill_member, pause_member, fill_quota, …)" }),
  action: z.string().min(1).optional().meta({
    description:
      "rollbacks only: one of the subject's actions, proposed and approved as the scenario's author, then run through the execution gate like any proposal; a target fills params.member",
  }),
  target: Target.optional(),
  seed: z.number().int().optional().meta({
    description: 'seed for target: random (the same seed picks the same member); chosen and reported when left out',
  }),
  params: z.record(z.string(), z.unknown()).optional().meta({ description: 'parameters of the action' }),
}

function checkStep(
  step: {
    fault?: string | undefined
    action?: string | undefined
    target?: string | undefined
    seed?: number | undefined
  },
  ctx: z.RefinementCtx,
): void {
  if (step.fault === undefined && step.action === undefined)
    ctx.addIssue({ code: 'custom', message: 'a step needs fault: or action:', path: [] })
  if (step.fault !== undefined && step.action !== undefined)
    ctx.addIssue({
      code: 'custom',
      message: 'a step has both fault: and action: (make them two steps)',
      path: ['action'],
    })
  if (step.seed !== undefined && step.target !== 'random')
    ctx.addIssue({ code: 'custom', message: 'seed only applies to target: random', path: ['seed'] })
}

/** One timed step of the method: a fault or an action, `at` after the method starts. */
export const MethodStep = z
  .strictObject({
    at: Duration.meta({ description: 'when the step fires, after the method starts (the steady state held)' }),
    ...stepFields,
    say: z.string().optional().meta({ description: 'narration shown before the step fires (live demos)' }),
  })
  .superRefine(checkStep)
export type MethodStep = z.infer<typeof MethodStep>

/** A fault (an inverse such as resume_member) or an action run to put things back. */
export const RollbackStep = z.strictObject(stepFields).superRefine(checkStep)
export type RollbackStep = z.infer<typeof RollbackStep>

export const TicketExpectation = z.strictObject({
  ticket: z
    .string()
    .min(1)
    .meta({ description: 'an invariant id (members_healthy) or a ticket key (members_healthy:m2)' }),
  within: Duration,
})
export const ActionExecutedExpectation = z.strictObject({
  action_executed: z.string().min(1).meta({ description: 'an action the agent must have executed' }),
  within: Duration,
})
export const ProposalExpectation = z.strictObject({
  proposal: z.string().min(1).meta({ description: 'an action the agent must have proposed' }),
  status: ProposalStatusSchema.meta({ description: 'the state the proposal must reach (observed in observe mode)' }),
  within: Duration,
})
export const SteadyStateExpectation = z.strictObject({
  steady_state_within: Duration.meta({
    description: 'the steady state holds again (for steady_state.hold) within this long',
  }),
})
export const NoExecutionExpectation = z.strictObject({
  no_execution: z.literal(true),
  during: Duration.optional().meta({
    description: 'how long after the method starts to keep watching (default: the whole run)',
  }),
})

export const ActedOnExpectation = z.strictObject({
  acted_on: z.array(z.string().min(1)).min(1).meta({
    description:
      "the members the agent's executed actions targeted (params.member), in the order of each one's first execution: exactly these, no other member",
  }),
  within: Duration.meta({ description: 'the first execution on the last member listed comes within this long' }),
})

/** What must happen, each measured from the start of the method. */
export const Expectation = z.union([
  TicketExpectation,
  ActionExecutedExpectation,
  ProposalExpectation,
  SteadyStateExpectation,
  NoExecutionExpectation,
  ActedOnExpectation,
])
export type Expectation = z.infer<typeof Expectation>

/** The key that tells the kinds of expectation apart, in the union's order. */
export const EXPECTATION_KEYS = [
  'ticket',
  'action_executed',
  'proposal',
  'steady_state_within',
  'no_execution',
  'acted_on',
] as const

export const RollbackStrategy = z.enum(['always', 'on_failure', 'never'])
export type RollbackStrategy = z.infer<typeof RollbackStrategy>

export const ScenarioFile = z.strictObject({
  title: z.string().min(1),
  description: z.string().optional(),
  subject: z.string().min(1).meta({ description: 'the subject: etcd' }),
  runtime: z.enum(['process', 'docker']).default('process'),
  modes: z.strictObject({
    safety: SafetyMode,
    approval: ApprovalMode,
    brain: z.enum(['playbook', 'llm']).optional().meta({
      description:
        'what plans for the agent: playbook (default) or llm (OPERATOR_LLM_* settings); `scenario run --brain` overrides it',
    }),
  }),
  policy: z.string().min(1).optional().meta({
    description:
      'a policy file for the agent, relative to this file (default: OPERATOR_POLICY, else the built-in policy)',
  }),
  poll_interval: Duration.prefault('500ms').meta({
    description: "the monitor's poll interval and how often the runner checks the steady state",
  }),
  steady_state: z.strictObject({
    invariants: z
      .union([z.literal('all'), z.array(z.string().min(1)).min(1)])
      .meta({ description: 'invariant ids that must hold, or all' }),
    hold: Duration.prefault('2s').meta({ description: 'how long they must hold without a break to count as steady' }),
    timeout: Duration.prefault('60s').meta({
      description: 'how long to wait for the steady state before the method; the run is refused after it',
    }),
  }),
  method: z.array(MethodStep).min(1),
  expect: z.array(Expectation).min(1),
  forbid: z
    .array(z.string().min(1))
    .default([])
    .meta({ description: 'actions that must never execute (operator eval counts each as harmful)' }),
  rollbacks: z.array(RollbackStep).default([]),
  rollback_strategy: RollbackStrategy.default('always'),
})
export type Scenario = z.infer<typeof ScenarioFile>
