/** `operator kill`: the kill switch (see src/safety/pull-kill-switch.ts). */
import type { Command } from 'commander'
import { z } from 'zod'
import { OperatorError } from '../core/errors.js'
import { describeKillReport } from '../core/kill-report.js'
import { killActionContainers } from '../executors/docker/kill-action-containers.js'
import { pullKillSwitch } from '../safety/pull-kill-switch.js'
import { abortOnSignals, output, parseOptions, withStore } from './context.js'
import { intFrom } from './options.js'

const KillOptions = z.object({
  as: z.string().min(1),
  wait: intFrom(0, 60_000),
  run: z.string().min(1).optional(),
  json: z.boolean().optional(),
})

export function registerKill(program: Command): void {
  program
    .command('kill')
    .description(
      'kill switch: observe mode (latched), cancel every pending proposal, kill action containers, abort agents’ in-flight work',
    )
    .option('--as <name>', 'who pulled it', process.env.USER ?? 'operator')
    .option('--wait <ms>', 'how long to wait for agents to acknowledge', '3000')
    .option('--run <name>', 'only this run: its latch, proposals, tokens, containers and agents; the others go on')
    .option('--json', 'print the report as JSON')
    .action(async (raw: unknown) => {
      const o = parseOptions(KillOptions, raw, 'kill')
      const { signal, dispose } = abortOnSignals()
      try {
        await withStore(async (store) => {
          if (o.run !== undefined && !store.runIds().includes(o.run))
            throw new OperatorError(
              'not_found',
              `no run "${o.run}" in this database`,
              'name a run brought up or attached here (`operator runs list`), or leave out --run to stop everything',
            )
          const report = await pullKillSwitch(store, o.as, o.wait, {
            killContainers: (runIds) => killActionContainers(runIds),
            onProgress: (line) => process.stderr.write(`${line}\n`),
            signal,
            ...(o.run !== undefined && { runId: o.run }),
          })
          output(o.json, report, describeKillReport)
        })
      } finally {
        dispose()
      }
    })
}
