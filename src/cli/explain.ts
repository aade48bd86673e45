/**
 * `operator explain ID`, `operator timeline ID` and `operator next [RUN]`:
 * the contract's diagnosis (README "The contract: explain, timeline, next"),
 * read-only, as the object `--json` prints or its text. The policy in force
 * is the agent's: `--policy`, else OPERATOR_POLICY, else the built-in one.
 */
import type { Command } from 'commander'
import { z } from 'zod'
import type { ContractDeps } from '../contract/common.js'
import { explain, explainText } from '../contract/explain.js'
import { nextStep, nextText } from '../contract/next.js'
import { timeline, timelineText } from '../contract/timeline.js'
import { systemClock } from '../core/clock.js'
import { builtInPolicy, loadPolicy } from '../safety/policy/load-policy.js'
import type { Store } from '../store/store.js'
import { output, parseOptions, paths, withStore } from './context.js'

const Options = z.object({ json: z.boolean().optional(), policy: z.string().optional() })

/**
 * Runs fn with the contract's dependencies on a read-only store, closed afterwards. The policy in
 * force: `--policy`, else OPERATOR_POLICY, else built-in; `null` for views that read no policy.
 */
export async function withContract<T>(
  policyFile: string | undefined | null,
  fn: (deps: ContractDeps) => T,
): Promise<T> {
  const policy = policyFile === null ? builtInPolicy() : loadPolicy(policyFile)
  return withStore((store: Store) => fn({ store, home: paths().home, policy, clock: systemClock }), { readonly: true })
}

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description(
      'why a proposal is not running (blocking reasons in triage order), a ticket’s root cause, a run’s state',
    )
    .argument('<id>', 'a proposal (P-3), a ticket (T-2) or a run id')
    .option('--policy <file>', 'policy in force (default: OPERATOR_POLICY, else built-in)')
    .option('--json', 'print the explanation as JSON')
    .action(async (id: string, raw: unknown) => {
      const o = parseOptions(Options, raw, 'explain')
      await withContract(o.policy, (deps) => output(o.json, explain(deps, id), explainText))
    })
  program
    .command('timeline')
    .description('the audit events of a run or a ticket (with its proposals’), one line each, in order')
    .argument('<id>', 'a run id or a ticket (T-2)')
    .option('--json', 'print the timeline as JSON')
    .action(async (id: string, raw: unknown) => {
      const o = parseOptions(Options, raw, 'timeline')
      await withContract(null, (deps) => output(o.json, timeline(deps, id), timelineText))
    })
  program
    .command('next')
    .description('the one recommended next step on a run (default: the newest), with why and the evidence')
    .argument('[run]', 'run id (default: the newest)')
    .option('--policy <file>', 'policy in force (default: OPERATOR_POLICY, else built-in)')
    .option('--json', 'print the step as JSON')
    .action(async (run: string | undefined, raw: unknown) => {
      const o = parseOptions(Options, raw, 'next')
      await withContract(o.policy, (deps) => output(o.json, nextStep(deps, run), nextText))
    })
}
