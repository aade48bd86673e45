/**
 * `operator boot [--json]`: the canonical state an agent starts from; and
 * `operator handoff --summary TEXT [--task T]… [--risk R]… [--unknown U]…
 * [--digest D] [--as NAME] [--json]`: what a session leaves for the next,
 * bound to the state digest of its boot (README "Session boot and handoff").
 */
import { userInfo } from 'node:os'
import type { Command } from 'commander'
import { z } from 'zod'
import { boot, bootText } from '../contract/boot.js'
import { clusterObserver } from '../contract/boot-cluster.js'
import type { ContractDeps } from '../contract/common.js'
import { handoff, handoffText } from '../contract/handoff.js'
import { systemClock } from '../core/clock.js'
import { loadPolicy } from '../safety/policy/load-policy.js'
import type { Store } from '../store/store.js'
import { output, parseOptions, paths, withStore } from './context.js'
import { SubjectName } from './options.js'

const BootOptions = z.object({
  subject: SubjectName,
  policy: z.string().min(1).optional(),
  json: z.boolean().optional(),
})

const Line = z.string().trim().min(1, 'must not be empty').max(2000, 'at most 2000 characters')
const HandoffOptions = z.object({
  summary: Line.max(8000, 'at most 8000 characters'),
  task: z.array(Line).max(50).default([]),
  risk: z.array(Line).max(50).default([]),
  unknown: z.array(Line).max(50).default([]),
  digest: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be a state digest (64 hex digits) from `operator boot`')
    .optional(),
  as: z.string().trim().min(1).optional(),
  policy: z.string().min(1).optional(),
  json: z.boolean().optional(),
})

const collect = (value: string, previous: string[] = []) => [...previous, value]

function deps(store: Store, policyFile: string | undefined): ContractDeps {
  return { store, home: paths().home, policy: loadPolicy(policyFile), clock: systemClock }
}

export function registerBoot(program: Command): void {
  program
    .command('boot')
    .description(
      'the state an agent starts from: modes, cluster, open tickets, pending proposals, policy, decisions, recent events, the last handoff, consistency checks',
    )
    .option('--subject <name>', 'subject', 'etcd')
    .option('--policy <file>', 'policy file (default: OPERATOR_POLICY, else the built-in policy)')
    .option('--json', 'print the boot object as JSON')
    .action(async (raw: unknown) => {
      const o = parseOptions(BootOptions, raw, 'boot')
      const observe = clusterObserver(paths().home, o.subject)
      const value = await withStore((store) => boot(deps(store, o.policy), { observe }))
      output(o.json, value, bootText)
    })

  program
    .command('handoff')
    .description('record what this session leaves for the next one, bound to the state digest of its boot')
    .requiredOption('--summary <text>', 'what was done and where things stand')
    .option('--task <text>', 'a task left open (repeatable)', collect)
    .option('--risk <text>', 'a risk the next session should know (repeatable)', collect)
    .option('--unknown <text>', 'something not yet known (repeatable)', collect)
    .option('--digest <sha256>', 'the state digest of your boot (default: the current state)')
    .option('--as <name>', 'who hands off (default: your OS user)')
    .option('--policy <file>', 'policy file (default: OPERATOR_POLICY, else the built-in policy)')
    .option('--json', 'print the result as JSON')
    .action(async (raw: unknown) => {
      const o = parseOptions(HandoffOptions, raw, 'handoff')
      const by = o.as ?? userInfo().username
      const input = { by, summary: o.summary, tasks: o.task, risks: o.risk, unknowns: o.unknown }
      const result = await withStore((store) =>
        handoff(deps(store, o.policy), o.digest === undefined ? input : { ...input, digest: o.digest }),
      )
      output(o.json, result, handoffText)
    })
}
