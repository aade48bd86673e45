/**
 * Proposals the policy holds back, for the policy recommendation tests: a
 * policy file written to a temp dir, and a proposal validated under it as the
 * agent validates one (the real evaluatePolicy and risk assessment), then
 * denied or left awaiting approval.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Proposal } from '../../../src/core/records.js'
import type { Risk, Tier } from '../../../src/core/subject.js'
import { actionCatalogue } from '../../../src/registry/subjects.js'
import { evaluatePolicy } from '../../../src/safety/policy/evaluate-policy.js'
import type { LoadedPolicy } from '../../../src/safety/policy/load-policy.js'
import { validationRisk } from '../../../src/safety/policy/policy-risk.js'
import { assessRisk } from '../../../src/safety/risk.js'
import type { Store } from '../../../src/store/store.js'
import { ticketFor } from '../../fixtures/proposal-states.js'

/** Writes `text` as `name` in `dir` and returns its path. */
export function writePolicy(dir: string, text: string, name = 'policy.yaml'): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

export interface BlockedOptions {
  action?: string
  params?: Record<string, unknown>
  /** Parameter factors that raise the action's risk (as the subject finds them). */
  factors?: string[]
  agent?: string
}

/** A proposal validated under `policy` and moved to denied or awaiting_approval as the policy decides. */
export function blockedProposal(store: Store, policy: LoadedPolicy, o: BlockedOptions = {}): Proposal {
  const action = o.action ?? 'compact_revisions'
  const spec = actionCatalogue('etcd').find((a) => a.name === action)
  if (!spec) throw new Error(`unknown action ${action}`)
  const ticket = ticketFor(store, 'run-1', `members_healthy:${action}`)
  const agent = o.agent ?? 'agent-7-ab12'
  const p = store.createProposal({
    ticket_id: ticket.id,
    run_id: 'run-1',
    attempt: 0,
    step: 0,
    steps: 1,
    action,
    params: o.params ?? {},
    risk: spec.risk as Risk,
    tier: spec.tier as Tier,
    rationale: 'test',
    created_by: agent,
  })
  const risk_assessment = assessRisk({
    base: spec.risk,
    action,
    params: p.params,
    paramFactors: o.factors ?? [],
    recent: [],
    now: 0,
  })
  const matched = validationRisk(risk_assessment)
  const decision = evaluatePolicy(policy, {
    action,
    kind: spec.kind,
    subject: 'etcd',
    risk: matched.risk,
    risk_basis: matched.basis,
    tier: spec.tier,
  })
  const move = { actor: agent, runId: 'run-1' }
  const v = store.transition(p.id, p.version, 'validated', {
    ...move,
    governance: { policy: decision, risk_assessment },
  })
  if (decision.decision === 'deny')
    return store.transition(v.id, v.version, 'denied', { ...move, reason: `denied by policy: ${decision.reason}` })
  return store.transition(v.id, v.version, 'awaiting_approval', move)
}
