/** `operator mode [observe|execute] [--approval manual|auto]`: show or set the modes. */
import type { Command } from 'commander'
import { z } from 'zod'
import { ApprovalMode, type Modes, SafetyMode } from '../core/records.js'
import { output, parseOptions, withStore } from './context.js'

const ModeArgs = z.object({
  safety: SafetyMode.optional(),
  approval: ApprovalMode.optional(),
  as: z.string().min(1),
  json: z.boolean().optional(),
})

export function renderModes(m: Modes): string {
  return `safety ${m.safety}  approval ${m.approval}${m.kill_latched ? '  (kill switch latched: only `operator mode execute` clears it)' : ''}`
}

export function registerMode(program: Command): void {
  program
    .command('mode')
    .description('show or set the safety mode (observe|execute) and approval mode (manual|auto)')
    .argument('[safety]', 'observe or execute')
    .option('--approval <mode>', 'manual or auto')
    .option('--as <name>', 'who is changing it', process.env.USER ?? 'operator')
    .option('--json', 'print as JSON')
    .action(async (safety: string | undefined, raw: Record<string, unknown>) => {
      const o = parseOptions(ModeArgs, { ...raw, safety }, 'mode')
      await withStore((store) => {
        if (!o.safety && !o.approval) return output(o.json, { modes: store.modes() }, (r) => renderModes(r.modes))
        const r = store.setModes(
          {
            ...(o.safety ? { safety: o.safety } : {}),
            ...(o.approval ? { approval: o.approval } : {}),
            explicit: true,
            reason: 'operator mode',
          },
          o.as,
        )
        output(
          o.json,
          { modes: r.modes, changed: r.changed },
          (v) => `${v.changed ? 'now' : 'unchanged'}: ${renderModes(v.modes)}`,
        )
      })
    })
}
