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
import { explainPolicy } from '../contract/policy-explain.js'
import { OperatorError } from '../core/errors.js'
import { loadPolicy } from '../safety/policy/load-policy.js'
import { output, parseOptions } from './context.js'
import { SubjectName } from './options.js'

export { type ExplainedRisk, explainRisk } from '../contract/policy-explain.js'

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
      const explained = explainPolicy(loaded, { ...o, action, params: parseParams(o.params) })
      output(o.json, explained, (v) =>
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

function parseParams(text: string | undefined): unknown {
  if (text === undefined) return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw new OperatorError('usage', '--params is not valid JSON', `e.g. --params '{"member":"m1"}'`)
  }
}
