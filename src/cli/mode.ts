/** `operator mode [observe|execute] [--approval manual|auto]`: show or set the modes. */
import type { Command } from 'commander'
import { z } from 'zod'
import { OperatorError } from '../core/errors.js'
import { ApprovalMode, type Modes, SafetyMode } from '../core/records.js'
import { output, parseOptions, withStore } from './context.js'

const ModeArgs = z.object({
  safety: SafetyMode.optional(),
  approval: ApprovalMode.optional(),
  as: z.string().min(1),
  run: z.string().min(1).optional(),
  json: z.boolean().optional(),
})

export function renderModes(m: Modes): string {
  const own = m.run
  if (own !== undefined) {
    const latch = own.kill_latched
      ? `  (kill switch latched for this run: \`operator mode execute --run ${own.run_id}\` clears it)`
      : ''
    const global = m.kill_latched && !own.kill_latched ? '  (kill switch latched for every run)' : ''
    const follows =
      own.safety === null && own.approval === null && !own.kill_latched ? '  (follows the global modes)' : ''
    return `run ${own.run_id}: safety ${m.safety}  approval ${m.approval}${follows}${latch}${global}`
  }
  return `safety ${m.safety}  approval ${m.approval}${m.kill_latched ? '  (kill switch latched: only `operator mode execute` clears it)' : ''}`
}

export function registerMode(program: Command): void {
  program
    .command('mode')
    .description('show or set the safety mode (observe|execute) and approval mode (manual|auto)')
    .argument('[safety]', 'observe or execute')
    .option('--approval <mode>', 'manual or auto')
    .option('--as <name>', 'who is changing it', process.env.USER ?? 'operator')
    .option('--run <name>', 'one run’s own modes (the global observe mode and kill latch still cover it)')
    .option('--json', 'print as JSON')
    .action(async (safety: string | undefined, raw: Record<string, unknown>) => {
      const o = parseOptions(ModeArgs, { ...raw, safety }, 'mode')
      await withStore((store) => {
        if (o.run !== undefined && !store.runIds().includes(o.run))
          throw new OperatorError(
            'not_found',
            `no run "${o.run}" in this database`,
            'name a run that was brought up or attached here (`operator runs list`)',
          )
        if (!o.safety && !o.approval) return output(o.json, { modes: store.modes(o.run) }, (r) => renderModes(r.modes))
        const r = store.setModes(
          {
            ...(o.safety ? { safety: o.safety } : {}),
            ...(o.approval ? { approval: o.approval } : {}),
            explicit: true,
            reason: 'operator mode',
            ...(o.run ? { runId: o.run } : {}),
          },
          o.as,
        )
        output(
          o.json,
          { modes: r.modes, changed: r.changed, refused: r.refused },
          (v) => `${v.changed ? 'now' : 'unchanged'}: ${renderModes(v.modes)}${v.refused ? `\n  ${v.refused}` : ''}`,
        )
      })
    })
}
