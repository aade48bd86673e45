/**
 * The smallest policy change that lets a blocked proposal through, as a
 * changed policy object (policy-recommend-yaml.ts writes it into the file's
 * text). Narrowest first: a denial becomes, for this action on this subject
 * at this risk only, a new rule needing one person, placed just before the
 * rule that denies it (or last, for the default). Too few approvers: the
 * rule's own `min_approvals` is lowered when the rule covers this action
 * alone; otherwise a new rule for this action (same approvers, roles and
 * TTL) needs fewer people, or none (`allow`) when one was needed.
 */
import type { ActionFacts } from '../safety/policy/evaluate-policy.js'
import type { PolicyFile, Rule } from '../safety/policy/schema.js'
import type { Blocker } from './policy-recommend-blocker.js'

/** One change to the policy's rules. */
export interface PatchPlan {
  change: 'insert_rule' | 'edit_rule'
  /** Index of the new or edited rule. */
  index: number
  rule: Rule
  policy: PolicyFile
  /** Whether the patched rule lets the system approve what needed a person. */
  removes_human_approval: boolean
  summary: string
}

const single = <T>(v: T | T[] | undefined): T | undefined =>
  Array.isArray(v) ? (v.length === 1 ? v[0] : undefined) : v

/** Whether the rule matches this action only (on this subject, or on no subject key). */
function coversActionAlone(rule: Rule, f: ActionFacts): boolean {
  const m = rule.match
  return single(m.action) === f.action && (m.subject === undefined || single(m.subject) === f.subject)
}

function freeId(policy: PolicyFile, base: string): string {
  const taken = new Set(policy.rules.map((r) => r.id))
  let id = base
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`
  return id
}

const people = (n: number) => (n === 1 ? 'one person' : `${n} people`)

/** The narrowest patch that lets the proposal described by `f` through; `tag` goes in a new rule's description. */
export function planPatch(policy: PolicyFile, f: ActionFacts, blocker: Blocker, tag: string): PatchPlan {
  const blocking = blocker.index === null ? undefined : policy.rules[blocker.index]
  const index = blocker.index ?? policy.rules.length
  const before = blocking ? `before ${blocking.id}` : 'after the last rule (no rule matched: the default applied)'
  const scope = `${f.action} on ${f.subject} at risk ${f.risk}`
  const withRule = (rule: Rule, change: PatchPlan['change']): PolicyFile => {
    const rules = [...policy.rules]
    rules.splice(index, change === 'edit_rule' ? 1 : 0, rule)
    return { ...policy, rules }
  }
  const base = `recommended.${f.action}.${f.subject}.${f.risk}`.toLowerCase().replace(/[^a-z0-9_.-]/g, '-')
  const fresh = {
    id: freeId(policy, base),
    description: tag,
    match: { action: f.action, subject: f.subject, risk: f.risk },
  }
  if (blocker.kind === 'denied') {
    const rule: Rule = { ...fresh, decision: 'require_approval', min_approvals: 1 }
    const others = blocking ? `; everything else ${blocking.id} matches stays denied` : ''
    const summary = `insert rule ${rule.id} ${before}: ${scope} needs one person's approval instead of being denied${others}`
    return {
      change: 'insert_rule',
      index,
      rule,
      policy: withRule(rule, 'insert_rule'),
      removes_human_approval: false,
      summary,
    }
  }
  const needed = blocker.decision.min_approvals
  const target = blocker.counted > 0 ? blocker.counted : needed - 1
  if (target >= 1 && blocking && coversActionAlone(blocking, f) && blocking.min_approvals !== undefined) {
    const rule: Rule = { ...blocking, min_approvals: target }
    const summary = `rule ${blocking.id} (only ${f.action}) needs ${people(target)} instead of ${needed}`
    return {
      change: 'edit_rule',
      index,
      rule,
      policy: withRule(rule, 'edit_rule'),
      removes_human_approval: false,
      summary,
    }
  }
  const keep = {
    ...(blocking?.approvers ? { approvers: blocking.approvers } : {}),
    ...(blocking?.roles ? { roles: blocking.roles } : {}),
    ...(blocking?.approval_ttl ? { approval_ttl: blocking.approval_ttl } : {}),
  }
  const rule: Rule =
    target >= 1
      ? { ...fresh, decision: 'require_approval', min_approvals: target, ...keep }
      : { ...fresh, decision: 'allow' }
  const what =
    target >= 1 ? `needs ${people(target)} instead of ${needed}` : `is allowed instead of needing ${people(needed)}`
  const summary = `insert rule ${rule.id} ${before}: ${scope} ${what}`
  return {
    change: 'insert_rule',
    index,
    rule,
    policy: withRule(rule, 'insert_rule'),
    removes_human_approval: target === 0,
    summary,
  }
}
