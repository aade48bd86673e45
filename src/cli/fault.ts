/**
 * `operator fault NAME`: inject one of the subject's faults into the current
 * run (or --run); a run of another host gets it from that host's monitor.
 */
import type { Command } from 'commander'
import { z } from 'zod'
import { systemClock } from '../core/clock.js'
import { OperatorError } from '../core/errors.js'
import { parseTarget } from '../core/fault-target.js'
import { abortOnSignals, output, parseOptions, paths, withStore } from './context.js'
import { faultElsewhere } from './fault-remote.js'
import { SubjectName } from './options.js'
import { remoteRun } from './remote-run.js'
import { subject } from './subject.js'

const FaultOptions = z.object({
  subject: SubjectName,
  target: z.string().min(1).optional(),
  run: z.string().optional(),
  json: z.boolean().optional(),
})

export function registerFault(program: Command): void {
  program
    .command('fault')
    .description(
      'inject a fault: kill_member, pause_member, resume_member, fill_quota, move_leader_away, partition_member and heal_partition (docker runtime)',
    )
    .argument('<name>', 'fault name')
    .option('--subject <name>', 'subject', 'etcd')
    .option('--target <member>', 'member name, leader or follower')
    .option('--run <id>', 'run id (default: the current run)')
    .option('--json', 'print the result as JSON')
    .action(async (name: string, raw: unknown) => {
      const o = parseOptions(FaultOptions, raw, 'fault')
      const { signal, dispose } = abortOnSignals()
      await withStore(async (store) => {
        const remote = remoteRun(store, paths().home, o.run)
        if (remote) {
          const mod = subject(remote.subject)
          const done = await faultElsewhere(store, mod, remote, { name, target: o.target, by: 'cli' })
          dispose()
          return output(
            o.json,
            done,
            (r) => `${r.fault} → ${r.targets.join(', ') || 'cluster'} on ${r.host}: ${r.summary}`,
          )
        }
        const s = await subject(o.subject).open(paths().home, o.run, { clock: systemClock, log: () => undefined })
        try {
          const fault = s.faults.find((f) => f.name === name)
          if (!fault)
            throw new OperatorError(
              'usage',
              `unknown fault "${name}" for ${s.name}`,
              `use one of: ${s.faults.map((f) => f.name).join(', ')}`,
            )
          const target = parseTarget(o.target)
          if (fault.targeted && target.kind === 'none')
            throw new OperatorError(
              'usage',
              `fault ${name} needs a target`,
              'add --target MEMBER, --target leader or --target follower',
            )
          const result = await fault.inject(target, { signal, clock: systemClock, log: () => undefined })
          store.append({ run_id: s.run_id, actor: 'cli', type: 'fault.injected', payload: { ...result } })
          output(o.json, result, (r) => `${r.fault} → ${r.targets.join(', ') || 'cluster'}: ${r.summary}`)
        } finally {
          await s.close()
          dispose()
        }
      })
    })
}
