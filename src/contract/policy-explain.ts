/**
 * Which policy rule applies to an action, on which risk and why — what
 * `operator policy explain ACTION` prints and the MCP `policy_explain` tool
 * returns. The policy is matched on the effective risk, as at validation:
 * the action's base risk raised one level per parameter factor, or a risk
 * given outright.
 */
import { OperatorError } from '../core/errors.js'
import type { ActionKind, ActionSpec, Risk, Tier } from '../core/subject.js'
import { actionCatalogue } from '../registry/subjects.js'
import { type ActionFacts, evaluatePolicy } from '../safety/policy/evaluate-policy.js'
import type { LoadedPolicy } from '../safety/policy/load-policy.js'
import { type PolicyRisk, riskBasis } from '../safety/policy/policy-risk.js'
import { assessRisk } from '../safety/risk.js'

/** How the risk to match was found: the base, the factors given, an override, and the result. */
export interface ExplainedRisk {
  base: Risk
  factors: string[]
  override: Risk | null
  /** The risk the rule is matched on. */
  matched: Risk
  basis: PolicyRisk['basis']
}

export interface ExplainQuery {
  subject: string
  action: string
  /** Checked against the action's params schema, when given. */
  params?: unknown
  /** Parameter factors raising the base risk one level each, as validation finds them. */
  factor: string[]
  risk?: Risk | undefined
  kind?: ActionKind | undefined
  tier?: number | undefined
}

export interface PolicyExplanation {
  action: ActionFacts
  risk: ExplainedRisk
  decision: ReturnType<typeof evaluatePolicy>
}

export function explainPolicy(loaded: LoadedPolicy, q: ExplainQuery): PolicyExplanation {
  const def = actionSpec(q)
  const risk = explainRisk(def?.risk ?? q.risk ?? 'critical', q.action, q)
  const action: ActionFacts = {
    action: q.action,
    subject: q.subject,
    kind: q.kind ?? def?.kind ?? 'subject',
    risk: risk.matched,
    risk_basis: risk.basis,
    tier: (q.tier ?? def?.tier ?? 3) as Tier,
  }
  return { action, risk, decision: evaluatePolicy(loaded, action) }
}

/** The risk to match: `risk` as given, else the base raised by the factors exactly as validation raises it. */
export function explainRisk(base: Risk, action: string, o: Pick<ExplainQuery, 'factor' | 'risk'>): ExplainedRisk {
  const factors = o.factor
  const common = { base, factors, override: o.risk ?? null }
  if (o.risk !== undefined) {
    const raised = factors.length > 0 ? `; factors given: ${factors.join('; ')}` : ''
    return { ...common, matched: o.risk, basis: `--risk ${o.risk} given (base ${base}${raised})` }
  }
  const effective = assessRisk({ base, action, params: {}, paramFactors: factors, recent: [], now: 0 }).effective
  return { ...common, matched: effective, basis: riskBasis(base, factors) }
}

/** The action's catalogue entry (params checked against its schema); unknown actions need kind, risk and tier. */
function actionSpec(q: ExplainQuery): ActionSpec | undefined {
  const catalogue = actionCatalogue(q.subject)
  const def = catalogue.find((a) => a.name === q.action)
  if (!def && (!q.kind || !q.risk || !q.tier)) {
    throw new OperatorError(
      'usage',
      `unknown action "${q.action}" for ${q.subject}`,
      `use one of: ${catalogue.map((a) => a.name).join(', ')} — or give --kind, --risk and --tier`,
    )
  }
  if (def && q.params !== undefined) {
    const parsed = def.params.safeParse(q.params)
    if (!parsed.success)
      throw new OperatorError(
        'usage',
        `--params: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(params)'}: ${i.message}`).join('; ')}`,
        `see the ${q.action} action's params`,
      )
  }
  return def
}
