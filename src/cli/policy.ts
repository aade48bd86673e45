/**
 * `operator policy check FILE` validates a policy file (one line per
 * problem: file, line, path, message and fix); `operator policy explain ACTION` says which
 * rule applies to an action, on which risk and why, under the policy in force (policy-explain.ts);
 * `operator policy recommend PROPOSAL` and `operator policy apply CONFIRMATION_ID --as NAME`
 * propose a patch and let a person write it (policy-recommend.ts).
 */
import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { z } from 'zod'
import { CODE_EXIT, errorMessage, OperatorError } from '../core/errors.js'
import { checkPolicyText } from '../safety/policy/load-policy.js'
import { output, parseOptions } from './context.js'
import { registerPolicyExplain } from './policy-explain.js'
import { registerPolicyRecommend } from './policy-recommend.js'

const CheckOptions = z.object({ json: z.boolean().optional() })

/** Registers `policy check`, `policy explain`, `policy recommend` and `policy apply`. */
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
        throw new OperatorError('config', `cannot read policy ${file}: ${errorMessage(err)}`, 'check the path', {
          code: 'policy_invalid',
        })
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
      if (!r.ok) process.exitCode = CODE_EXIT.policy_invalid
    })

  registerPolicyExplain(policy)
  registerPolicyRecommend(policy)
}
