/**
 * `operator policy explain ACTION`: which rule applies to an action under the
 * policy in force, on which risk and why. The policy is matched on the
 * effective risk, as at validation: the action's base risk raised one level
 * per parameter factor (`--factor "targets the leader m1"`, repeatable: what
 * the subject finds in the cluster for these params), or a `--risk` given
 * outright.
 */
import type { Command } from 'commander'
import { z } from 'zod'
import { OperatorError } from '../core/errors.js'
import type { ActionSpec, Risk } from '../core/subject.js'
import { actionCatalogue } from '../registry/subjects.js'
import { type ActionFacts, evaluatePolicy } from '../safety/policy/evaluate-policy.js'
import { loadPolicy } from '../safety/policy/load-policy.js'
import { type PolicyRisk, riskBasis } from '../safety/policy/policy-risk.js'
import { assessRisk } from '../safety/risk.js'
import { output, parseOptions } from './context.js'
import { SubjectName } from './options.js'

const RiskOption = z.enum(['low', 'medium', 'high', 'critical'])
const ExplainOptions = z.object({
  subject: SubjectName,
  policy: z.string().optional(),
  params: z.string().optional(),
  kind: z.enum(['subject', 'docker', 'host', 'script']).optional(),
  factor: z.array(z.string().min(1, 'needs a text')).default([]),
  risk: RiskOption.optional(),
  tier: z.coerce.number().int().min(1).max(3).optional(),
  json: z.boolean().optional(),
})
type ExplainOptions = z.infer<typeof ExplainOptions>

/** How the risk to match was found: the base, the factors given, an override, and the result. */
export interface ExplainedRisk {
  base: Risk
  factors: string[]
  override: Risk | null
  /** The risk the rule is matched on. */
  matched: Risk
  basis: PolicyRisk['basis']
}

/** Registers `policy explain` under the `policy` command. */
export function registerPolicyExplain(policy: Command): void {
  policy
    .command('explain')
    .description(
      'which rule applies to an action under the policy in force (--policy, OPERATOR_POLICY or built-in), on which risk, and why',
    )
    .argument('<action>', 'action name, e.g. restart_member')
    .option('--subject <name>', 'subject', 'etcd')
    .option('--policy <file>', 'policy file (default: OPERATOR_POLICY, else built-in)')
    .option('--params <json>', 'action params as JSON (validated against the action)')
    .option(
      '--factor <text>',
      'a parameter factor raising the base risk one level, as validation finds them (repeatable), e.g. "targets the leader m1"',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--risk <risk>', 'match on this risk instead of the base raised by the factors')
    .option('--kind <kind>', 'override the action kind')
    .option('--tier <n>', 'override the tier')
    .option('--json', 'print the risk and decision as JSON')
    .action(async (action: string, raw: unknown) => {
      const o = parseOptions(ExplainOptions, raw, 'policy explain')
      const loaded = loadPolicy(o.policy)
      const def = actionSpec(o.subject, action, o)
      const risk = explainRisk(def?.risk ?? o.risk ?? 'critical', action, o)
      const facts: ActionFacts = {
        action,
        subject: o.subject,
        kind: o.kind ?? def?.kind ?? 'subject',
        risk: risk.matched,
        risk_basis: risk.basis,
        tier: (o.tier ?? def?.tier ?? 3) as 1 | 2 | 3,
      }
      const decision = evaluatePolicy(loaded, facts)
      output(o.json, { action: facts, risk, decision }, (v) =>
        [
          `${action} (${v.action.kind}, risk ${v.action.risk}, tier ${v.action.tier}) under ${loaded.source}:`,
          `  matched on risk ${v.risk.matched}: ${v.risk.basis}`,
          ...(v.risk.factors.length === 0 && v.risk.override === null
            ? ['  (params can raise it at validation — on the leader, while a member is down: add --factor TEXT)']
            : []),
          `  ${v.decision.rule_id}: ${v.decision.decision}`,
          `  ${v.decision.reason}`,
        ].join('\n'),
      )
    })
}

/** The risk to match: `--risk` as given, else the base raised by the factors exactly as validation raises it. */
export function explainRisk(base: Risk, action: string, o: Pick<ExplainOptions, 'factor' | 'risk'>): ExplainedRisk {
  const factors = o.factor
  const common = { base, factors, override: o.risk ?? null }
  if (o.risk !== undefined) {
    const raised = factors.length > 0 ? `; factors given: ${factors.join('; ')}` : ''
    return { ...common, matched: o.risk, basis: `--risk ${o.risk} given (base ${base}${raised})` }
  }
  const effective = assessRisk({ base, action, params: {}, paramFactors: factors, recent: [], now: 0 }).effective
  return { ...common, matched: effective, basis: riskBasis(base, factors) }
}

/** The action's catalogue entry (params checked against its schema); unknown actions need --kind, --risk and --tier. */
function actionSpec(subjectName: string, action: string, o: ExplainOptions): ActionSpec | undefined {
  const catalogue = actionCatalogue(subjectName)
  const def = catalogue.find((a) => a.name === action)
  if (!def && (!o.kind || !o.risk || !o.tier)) {
    throw new OperatorError(
      'usage',
      `unknown action "${action}" for ${subjectName}`,
      `use one of: ${catalogue.map((a) => a.name).join(', ')} — or give --kind, --risk and --tier`,
    )
  }
  if (def && o.params !== undefined) {
    let params: unknown
    try {
      params = JSON.parse(o.params)
    } catch {
      throw new OperatorError('usage', '--params is not valid JSON', `e.g. --params '{"member":"m1"}'`)
    }
    const parsed = def.params.safeParse(params)
    if (!parsed.success)
      throw new OperatorError(
        'usage',
        `--params: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(params)'}: ${i.message}`).join('; ')}`,
        `see the ${action} action's params`,
      )
  }
  return def
}
