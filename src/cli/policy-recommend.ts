/**
 * `operator policy recommend PROPOSAL`: the smallest policy patch that would
 * let a denied or approval-blocked proposal through, for a person to confirm;
 * `operator policy apply CONFIRMATION_ID --as NAME`: a person confirms it and
 * it is written (a backup kept, the change audited). Thin: parse, call the
 * contract, render the same object as text or JSON.
 */
import type { Command } from 'commander'
import { z } from 'zod'
import { appliedText, applyPolicy } from '../contract/policy-apply.js'
import { recommendationText, recommendPolicy } from '../contract/policy-recommend.js'
import { systemClock } from '../core/clock.js'
import { SYSTEM_ACTOR } from '../safety/approval-rules.js'
import { readApproverKey } from '../safety/approver-key-file.js'
import { builtInPolicy, loadPolicy } from '../safety/policy/load-policy.js'
import { output, parseOptions, paths, withStore } from './context.js'

const RecommendOptions = z.object({ policy: z.string().min(1).optional(), json: z.boolean().optional() })
const ApplyOptions = z.object({
  as: z
    .string()
    .min(1, 'needs a name')
    .refine((n) => n !== SYSTEM_ACTOR, `"${SYSTEM_ACTOR}" is not a person: a person applies a policy change`),
  policy: z.string().min(1).optional(),
  keyFile: z.string().min(1).optional(),
  json: z.boolean().optional(),
})

/** Registers `policy recommend` and `policy apply` under the `policy` command. */
export function registerPolicyRecommend(policy: Command): void {
  policy
    .command('recommend')
    .description(
      'the smallest policy patch (a YAML diff) that would let a denied or approval-blocked proposal through; only a person applies it',
    )
    .argument('<proposal>', 'proposal id, e.g. P-3')
    .option('--policy <file>', 'policy file to patch (default: OPERATOR_POLICY, else the built-in policy)')
    .option('--json', 'print the recommendation as JSON')
    .action(async (proposal: string, raw: unknown) => {
      const o = parseOptions(RecommendOptions, raw, 'policy recommend')
      const loaded = loadPolicy(o.policy)
      await withStore((store) => {
        const deps = { store, home: paths().home, policy: loaded, clock: systemClock }
        output(o.json, recommendPolicy(deps, proposal, { actor: 'operator policy recommend' }), recommendationText)
      })
    })
  policy
    .command('apply')
    .description(
      'a person confirms a policy recommendation: the patch is written, the old file kept, the change audited',
    )
    .argument('<confirmation_id>', 'the confirmation_id of `operator policy recommend`, e.g. PC-1a2b3c4d')
    .requiredOption('--as <name>', 'who confirms it (a person; never an agent)')
    .option('--policy <file>', 'the new file to write, for a patch of the built-in policy (else the patched file)')
    .option('--key-file <path>', 'your Ed25519 private key, when the policy names a key for you')
    .option('--json', 'print what was done as JSON')
    .action(async (confirmationId: string, raw: unknown) => {
      const o = parseOptions(ApplyOptions, raw, 'policy apply')
      const key = o.keyFile === undefined ? undefined : readApproverKey(o.keyFile)
      await withStore((store) => {
        // Apply reads the file the recommendation was made for, not the policy in force.
        const deps = { store, home: paths().home, policy: builtInPolicy(), clock: systemClock }
        const applied = applyPolicy(deps, confirmationId, o.as, {
          ...(o.policy === undefined ? {} : { policyFile: o.policy }),
          ...(key ? { key } : {}),
        })
        output(o.json, applied, appliedText)
      })
    })
}
