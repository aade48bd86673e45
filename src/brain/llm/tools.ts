/**
 * The model's tools, described from the subject's own data (zod schemas →
 * JSON Schema). Read-only ones run at once (their output goes back as
 * untrusted data); `propose_plan` and `escalate` end a turn for the agent to
 * act on. No tool approves, changes modes or executes: the model proposes,
 * the gate disposes.
 */
import { z } from 'zod'
import type { Subject, Violation } from '../../core/subject.js'
import type { Store } from '../../store/store.js'
import type { ToolSpec } from './model-client.js'

export const PlanInput = z.strictObject({
  steps: z
    .array(z.strictObject({ action: z.string().min(1), params: z.record(z.string(), z.unknown()).default({}) }))
    .min(1)
    .max(8),
  rationale: z.string().min(1).max(2000),
  evidence: z.record(z.string(), z.unknown()).default({}),
})
export const EscalateInput = z.strictObject({ reason: z.string().min(1).max(2000) })
const LogInput = z.strictObject({ member: z.string().min(1), lines: z.number().int().min(1).max(200).default(40) })
const EventsInput = z.strictObject({ limit: z.number().int().min(1).max(100).default(30) })
const Empty = z.strictObject({})

export interface ToolDeps {
  subject: Subject
  store: Store
  ticketId: string
  violation: Violation
}

export interface ReadTool {
  spec: ToolSpec
  run(input: Record<string, unknown>, d: ToolDeps, signal: AbortSignal): Promise<unknown>
}

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input' }) as Record<string, unknown>

const READ_TOOLS: ReadTool[] = [
  {
    spec: {
      name: 'observe',
      description: 'Observe the cluster now: every member, the leader, alarms, and the violations present.',
      input_schema: schema(Empty),
    },
    async run(_i, d, signal) {
      const o = await d.subject.observe(signal)
      return {
        summary: d.subject.summarize(o),
        violations: d.subject.checker.evaluate(o).map((v) => ({ key: v.key, message: v.message })),
        observation: o,
      }
    },
  },
  {
    spec: {
      name: 'member_log',
      description: "The decisive lines (warnings, errors) of one member's own log, the last N of them.",
      input_schema: schema(LogInput),
    },
    async run(i, d) {
      const { member, lines } = LogInput.parse(i)
      if (!d.subject.logTail) return { error: 'this subject has no member logs' }
      return { member, lines: await d.subject.logTail(member, lines) }
    },
  },
  {
    spec: {
      name: 'ticket_history',
      description: 'The ticket, and every proposal made for it with its outcome.',
      input_schema: schema(Empty),
    },
    async run(_i, d) {
      const ticket = d.store.ticket(d.ticketId)
      const proposals = d.store.proposals({ ticketId: d.ticketId }).map((p) => ({
        id: p.id,
        action: p.action,
        params: p.params,
        status: p.status,
        reason: p.reason,
        risk: p.risk,
      }))
      return { ticket, proposals }
    },
  },
  {
    spec: {
      name: 'recent_events',
      description: "The run's latest audit events (tickets, proposals, faults), newest last.",
      input_schema: schema(EventsInput),
    },
    async run(i, d) {
      const { limit } = EventsInput.parse(i)
      const events = d.store.events({ runId: d.subject.run_id }).filter((e) => !e.type.startsWith('brain.'))
      return events
        .slice(-limit)
        .map((e) => ({ seq: e.seq, ts: e.ts, type: e.type, actor: e.actor, payload: e.payload }))
    },
  },
  {
    spec: {
      name: 'action_catalogue',
      description: 'The actions a plan may use: name, description, risk, tier and parameters (JSON Schema).',
      input_schema: schema(Empty),
    },
    async run(_i, d) {
      return d.subject.actions.map((a) => ({
        name: a.name,
        kind: a.kind,
        description: a.description,
        risk: a.risk,
        tier: a.tier,
        params: schema(a.params),
      }))
    },
  },
  {
    spec: {
      name: 'playbook_hint',
      description:
        "The rules playbook's own candidate plans for this violation, best first: a hint you may follow or reject.",
      input_schema: schema(Empty),
    },
    async run(_i, d, signal) {
      const o = await d.subject.observe(signal)
      return d.subject.playbook
        .candidates(d.violation, o as never)
        .map((c) => ({ steps: c.steps, rationale: c.rationale }))
    },
  },
]

export const PROPOSE_PLAN = 'propose_plan'
export const ESCALATE = 'escalate'
export const RUN_SCRIPT = 'run_script'

/**
 * The tools for this subject and observation: run_script only where the
 * catalogue has the sandbox's action, the read-only Docker actions only on
 * the docker runtime (`extra`, docker-tools.ts).
 */
export function toolSpecs(subject: Subject, extra: readonly ReadTool[] = []): ToolSpec[] {
  const script = subject.actions.find((a) => a.name === RUN_SCRIPT)
  const base = [...TOOL_SPECS, ...extra.map((t) => t.spec)]
  if (!script) return base
  const spec: ToolSpec = {
    name: RUN_SCRIPT,
    description:
      'Run a diagnostic bash or node script in the sandbox (no network, read-only root, bounded time and output). ' +
      'It is a proposal like any other: validated, judged by the policy (high risk, tier 3: a person approves it), ' +
      'then run; its output comes back to you. It repairs nothing: use propose_plan for the repair.',
    input_schema: schema(script.params),
  }
  return [...base, spec]
}

export const TOOL_SPECS: ToolSpec[] = [
  ...READ_TOOLS.map((t) => t.spec),
  {
    name: PROPOSE_PLAN,
    description:
      'Propose one plan: ordered steps of catalogue actions with their params, a rationale and the evidence it rests on. ' +
      'It goes through validation, the policy, approvals and the execution gate; the result tells you how it ended ' +
      '(verified, invalid with the reason, denied by a rule, awaiting a person, failed with the error, verify_failed with what is still wrong). One plan at a time.',
    input_schema: schema(PlanInput),
  },
  {
    name: ESCALATE,
    description: 'Give up and hand the ticket to a person, saying why and what they should consider.',
    input_schema: schema(EscalateInput),
  },
]

export function readTool(name: string, extra: readonly ReadTool[] = []): ReadTool | undefined {
  return [...READ_TOOLS, ...extra].find((t) => t.spec.name === name)
}
