/**
 * Which rule applies to an action, and what it decides. Rules are tried in
 * order; the first whose every match key fits wins; none: the policy's
 * default. Tier 3 always needs a person whatever the rule says (a tier-3
 * `allow` becomes one required approval).
 */
import type { ApproverIdentity, PolicyDecision } from '../../core/records.js'
import type { ActionKind, Risk, Tier } from '../../core/subject.js'
import { parsePublicKey } from '../approver-keys.js'
import type { LoadedPolicy } from './load-policy.js'
import { durationMs, type PolicyFile, type Rule } from './schema.js'

/** What a rule is matched on. */
export interface ActionFacts {
  action: string
  kind: ActionKind
  subject: string
  /** The risk to match: the proposal's effective risk (base raised by its parameter factors). */
  risk: Risk
  tier: Tier
  /** Why `risk` is what it is, recorded with the decision (default: `base RISK`). */
  risk_basis?: string
}

function fits<T>(want: T | T[] | undefined, value: T): boolean {
  if (want === undefined) return true
  return Array.isArray(want) ? want.includes(value) : want === value
}

/** Whether a rule's every match key fits the facts. */
export function ruleMatches(rule: Rule, f: ActionFacts): boolean {
  const m = rule.match
  return (
    fits(m.action, f.action) &&
    fits(m.kind, f.kind) &&
    fits(m.subject, f.subject) &&
    fits(m.risk, f.risk) &&
    fits(m.tier, f.tier)
  )
}

/** Everyone a rule lets approve, or null for anyone. */
export function allowedApprovers(rule: Rule | undefined, roles: Record<string, string[]>): string[] | null {
  if (!rule || (!rule.approvers && !rule.roles)) return null
  return [...new Set([...(rule.approvers ?? []), ...(rule.roles ?? []).flatMap((r) => roles[r] ?? [])])]
}

/** The policy's approver identities as a decision carries them (public keys as base64 SPKI DER); none: nothing. */
function identitiesOf(policy: PolicyFile): Pick<PolicyDecision, 'identities'> {
  const entries = Object.entries(policy.identities ?? {})
  if (entries.length === 0) return {}
  const identities: Record<string, ApproverIdentity> = {}
  for (const [name, id] of entries) {
    const key = id.public_key === undefined ? undefined : (parsePublicKey(id.public_key) ?? id.public_key)
    identities[name] = {
      ...(id.os_user === undefined ? {} : { os_user: id.os_user }),
      ...(key ? { public_key: key } : {}),
    }
  }
  return { identities }
}

/** The decision of the first rule that matches (or the default), with the policy's identities. */
export function evaluatePolicy(loaded: LoadedPolicy, f: ActionFacts): PolicyDecision {
  const { policy } = loaded
  const index = policy.rules.findIndex((r) => ruleMatches(r, f))
  const rule = policy.rules[index]
  const base = {
    policy_digest: loaded.digest,
    source: loaded.source,
    ...identitiesOf(policy),
    matched_risk: f.risk,
    risk_basis: f.risk_basis ?? `base ${f.risk}`,
  }
  if (!rule) {
    const decision = policy.default
    return {
      ...base,
      rule_id: 'default',
      decision: decision === 'allow' && f.tier === 3 ? 'require_approval' : decision,
      min_approvals: decision === 'require_approval' || f.tier === 3 ? 1 : 0,
      approvers: null,
      approval_ttl_ms: null,
      reason: `no rule matches ${f.action} (${f.kind}, ${f.risk}, tier ${f.tier}): the policy default is ${decision}`,
    }
  }
  const where = `rule ${rule.id} (#${index + 1})`
  if (rule.decision === 'deny')
    return {
      ...base,
      rule_id: rule.id,
      decision: 'deny',
      min_approvals: 0,
      approvers: null,
      approval_ttl_ms: null,
      reason: `${where} denies ${f.action}`,
    }
  if (rule.decision === 'allow' && f.tier !== 3) {
    return {
      ...base,
      rule_id: rule.id,
      decision: 'allow',
      min_approvals: 0,
      approvers: null,
      approval_ttl_ms: null,
      reason: `${where} allows ${f.action}`,
    }
  }
  const min = rule.decision === 'allow' ? 1 : (rule.min_approvals ?? 1)
  return {
    ...base,
    rule_id: rule.id,
    decision: 'require_approval',
    min_approvals: min,
    approvers: allowedApprovers(rule, policy.roles),
    approval_ttl_ms: rule.approval_ttl ? durationMs(rule.approval_ttl) : null,
    reason:
      rule.decision === 'allow'
        ? `${where} allows ${f.action}, but tier 3 always needs a person`
        : `${where} requires ${min} approval(s) for ${f.action}`,
  }
}

/** Whether two decisions require the same: rule, decision, people and approvers (not the wording or identities). */
export function decidesAlike(a: PolicyDecision, b: PolicyDecision): boolean {
  return (
    a.rule_id === b.rule_id &&
    a.decision === b.decision &&
    a.min_approvals === b.min_approvals &&
    JSON.stringify(a.approvers) === JSON.stringify(b.approvers) &&
    a.approval_ttl_ms === b.approval_ttl_ms
  )
}
