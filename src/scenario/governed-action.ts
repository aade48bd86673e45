/**
 * A remediation action in a scenario (a rollback's `action:`) goes where every
 * action goes: a proposal on a ticket of its own, validated, judged by the
 * policy and the risk in force, approved as the scenario's author (one person,
 * counted like any other), then the execution gate — mode, kill latch, policy
 * again, approvals, token — and only then run. A policy that denies it, observe
 * mode or a latched kill switch stop it like any other proposal.
 */
import { Writable } from 'node:stream'
import { DEFAULT_AGENT_SETTINGS } from '../agent/context.js'
import { proposeAndRun } from '../agent/run-step.js'
import type { Clock } from '../core/clock.js'
import type { Subject } from '../core/subject.js'
import { createLogger } from '../log/logger.js'
import { loadPolicy } from '../safety/policy/load-policy.js'
import { resolveSigningKey } from '../safety/token-secret.js'
import type { Store } from '../store/store.js'

/** How long a rollback's proposal waits for more people when the policy wants more than its author. */
export const SCENARIO_APPROVAL_WAIT_MS = 20_000

export interface GovernedDeps {
  subject: Subject
  store: Store
  clock: Clock
  /** OPERATOR_HOME: where the token secret is. */
  home: string
  /** The scenario's policy file (null: OPERATOR_POLICY, else the built-in policy), as the agent uses it. */
  policy: string | null
  /** Who approves: the person running the scenario. */
  author: string
  runId: string
}

const quiet = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done()
    },
  })

/** Runs one action through the governed loop; resolves with its summary, throws with why it did not run or failed. */
export async function runGovernedAction(
  d: GovernedDeps,
  action: string,
  params: Record<string, unknown>,
  label: string,
  signal: AbortSignal,
): Promise<string> {
  const holder = `scenario:${d.author}`
  const member = typeof params.member === 'string' ? params.member : null
  const ticket = d.store.openTaskTicket(
    d.runId,
    d.subject.name,
    { key: `scenario:${label}`, target: member, message: `${label}: ${action} ${JSON.stringify(params)}` },
    holder,
  )
  const ctx = {
    agentId: holder,
    governance: { policy: loadPolicy(d.policy ?? undefined), key: () => resolveSigningKey(d.home) },
    subject: d.subject,
    store: d.store,
    clock: d.clock,
    logger: createLogger('scenario', quiet()),
    settings: { ...DEFAULT_AGENT_SETTINGS, approvalTimeoutMs: SCENARIO_APPROVAL_WAIT_MS },
  }
  const observation = await d.subject.observe(signal).catch(() => undefined)
  const position = { attempt: 0, step: 0, steps: 1, rationale: `${label} of the scenario, approved by ${d.author}` }
  const how = { author: d.author, checkViolation: false }
  const outcome = await proposeAndRun(ctx, ticket, { action, params }, position, signal, observation, how)
  const done = outcome.kind === 'executed'
  d.store.finishTicket(ticket.id, holder, done ? 'resolved' : 'escalated', `${label}: ${outcome.kind}`, 'scenario_step')
  const id = outcome.proposal.id
  if (outcome.kind === 'executed') {
    // No violation to re-observe: the action's own check of its result is the verification, so the proposal ends.
    const p = outcome.proposal
    const reason = `a scenario step: checked by the action itself (${p.reason ?? action})`
    d.store.transition(p.id, p.version, 'verified', { actor: holder, runId: d.runId, reason })
    return `${id} executed and verified: ${p.reason ?? action}`
  }
  throw new Error(`${id} ${outcome.kind}: ${outcome.reason}`)
}
