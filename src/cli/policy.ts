/**
 * `operator policy check FILE` validates a policy file (one line per
 * problem: file, line, path, message and fix); `operator policy explain ACTION` says which
 * rule applies to an action and why, under the policy in force.
 */
import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { z } from 'zod'
import { errorMessage, OperatorError } from '../core/errors.js'
import { actionCatalogue } from '../registry/subjects.js'
import { type ActionFacts, evaluatePolicy } from '../safety/policy/evaluate-policy.js'
import { checkPolicyText, loadPolicy } from '../safety/policy/load-policy.js'
import { output, parseOptions } from './context.js'
import { SubjectName } from './options.js'

const CheckOptions = z.object({ json: z.boolean().optional() })
const ExplainOptions = z.object({
  subject: SubjectName,
  policy: z.string().optional(),
  params: z.string().optional(),
  kind: z.enum(['subject', 'docker', 'host', 'script']).optional(),
  risk: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  tier: z.coerce.number().int().min(1).max(3).optional(),
  json: z.boolean().optional(),
})

export function registerPolicy(program: Command): void {
  const policy = program.command('policy').description('check policy files and explain decisions')
  policy
    .command('check')
    .description('validate a policy file: every problem with its line, path and the fix')
    .argument('<file>', 'policy YAML')
    .option('--json', 'print the result as JSON')
    .action((file: string, raw: unknown) => {
      const o = parseOptions(CheckOptions, raw, 'policy check')
      let text: string
      try {
        text = readFileSync(file, 'utf8')
      } catch (err) {
        throw new OperatorError('config', `cannot read policy ${file}: ${errorMessage(err)}`, 'check the path')
      }
      const r = checkPolicyText(text, file)
      const report = r.ok
        ? {
            ok: true,
            source: file,
            digest: r.loaded.digest,
            rules: r.loaded.policy.rules.map((x) => ({ id: x.id, decision: x.decision })),
            default: r.loaded.policy.default,
          }
        : { ok: false, source: file, errors: r.errors }
      output(o.json, report, (v) => {
        if ('errors' in v)
          return v.errors.map((e) => `${file}${e.line ? `:${e.line}` : ''}: ${e.path}: ${e.message}`).join('\n')
        const rules = v.rules.map((x) => `${x.id}=${x.decision}`).join(', ')
        const digest = v.digest.slice(0, 12)
        return `${file}: ok — ${v.rules.length} rule(s) (${rules}), default ${v.default}, digest ${digest}`
      })
      if (!r.ok) process.exitCode = exitFor('config')
    })

  policy
    .command('explain')
    .description(
      'which rule applies to an action under the policy in force (--policy, OPERATOR_POLICY or built-in), and why',
    )
    .argument('<action>', 'action name, e.g. restart_member')
    .option('--subject <name>', 'subject', 'etcd')
    .option('--policy <file>', 'policy file (default: OPERATOR_POLICY, else built-in)')
    .option('--params <json>', 'action params as JSON (validated against the action)')
    .option('--kind <kind>', 'override the action kind')
    .option('--risk <risk>', 'override the risk')
    .option('--tier <n>', 'override the tier')
    .option('--json', 'print the decision as JSON')
    .action(async (action: string, raw: unknown) => {
      const o = parseOptions(ExplainOptions, raw, 'policy explain')
      const loaded = loadPolicy(o.policy)
      const facts = await actionFacts(o.subject, action, o)
      const decision = evaluatePolicy(loaded, facts)
      output(o.json, { action: facts, decision }, (v) =>
        [
          `${action} (${v.action.kind}, risk ${v.action.risk}, tier ${v.action.tier}) under ${loaded.source}:`,
          `  ${v.decision.rule_id}: ${v.decision.decision}`,
          `  ${v.decision.reason}`,
        ].join('\n'),
      )
    })
}

function exitFor(_: 'config'): number {
  return 3
}

/** The action's kind, risk and tier from the subject's catalogue (overridable), params checked against its schema. */
async function actionFacts(
  subjectName: string,
  action: string,
  o: z.infer<typeof ExplainOptions>,
): Promise<ActionFacts> {
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
  return {
    action,
    subject: subjectName,
    kind: o.kind ?? def?.kind ?? 'subject',
    risk: o.risk ?? def?.risk ?? 'critical',
    tier: (o.tier ?? def?.tier ?? 3) as 1 | 2 | 3,
  }
}
