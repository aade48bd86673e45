/** `operator approve ID --as NAME` and `operator reject ID --as NAME`. */
import type { Command } from 'commander'
import { z } from 'zod'
import { OperatorError } from '../core/errors.js'
import { SYSTEM_ACTOR } from '../store/approvals.js'
import { output, parseOptions, withStore } from './context.js'

const DecisionOptions = z.object({
  as: z.string().min(1, 'needs a name').refine((n) => n !== SYSTEM_ACTOR, `"${SYSTEM_ACTOR}" is reserved for automatic approvals`),
  comment: z.string().optional(),
  hash: z.string().optional(),
  json: z.boolean().optional(),
})

export function registerApprovals(program: Command): void {
  for (const decision of ['approve', 'reject'] as const) {
    program
      .command(decision)
      .description(decision === 'approve' ? 'approve a proposal awaiting approval' : 'reject a proposal awaiting approval')
      .argument('<id>', 'proposal id, e.g. P-3')
      .requiredOption('--as <name>', 'who decides')
      .option('--comment <text>', 'why')
      .option('--hash <content-hash>', 'only if the proposal still has this content hash')
      .option('--json', 'print the proposal as JSON')
      .action(async (id: string, raw: unknown) => {
        const o = parseOptions(DecisionOptions, raw, decision)
        await withStore((store) => {
          const p = store.proposal(id)
          const ticket = store.ticket(p.ticket_id)
          if (!ticket) throw new OperatorError('not_found', `no ticket for ${id}`, 'check the database')
          const after = store.recordApproval({
            proposalId: id,
            actor: o.as,
            decision,
            comment: o.comment ?? null,
            runId: ticket.run_id,
            ...(o.hash ? { expectedHash: o.hash } : {}),
          })
          output(o.json, { proposal: after }, (r) => `${r.proposal.id} ${r.proposal.action} ${JSON.stringify(r.proposal.params)}: ${r.proposal.status} by ${o.as}`)
        })
      })
  }
}
