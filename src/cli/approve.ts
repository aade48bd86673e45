/**
 * A person's decisions: `operator approve ID --as NAME [--key-file F]`,
 * `operator reject`, `operator revoke` (take an approval back before
 * execution), and `operator proposal ID` (proposal-view.ts). A key file
 * signs the decision when the policy names a key for NAME; the OS user of
 * this process is recorded with every decision.
 */
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { Command } from 'commander'
import { z } from 'zod'
import { SYSTEM_ACTOR } from '../safety/approval-rules.js'
import { recordApproval, revokeApproval } from '../safety/approvals.js'
import { readApproverKey } from '../safety/approver-key-file.js'
import { signClaim } from '../safety/approver-keys.js'
import { resolveSigningKey } from '../safety/token-secret.js'
import { output, parseOptions, paths, withStore } from './context.js'
import { proposalView, renderProposal } from './proposal-view.js'

const Actor = z
  .string()
  .min(1, 'needs a name')
  .refine((n) => n !== SYSTEM_ACTOR, `"${SYSTEM_ACTOR}" is reserved for automatic approvals`)
const DecisionOptions = z.object({
  as: Actor,
  comment: z.string().optional(),
  hash: z.string().optional(),
  keyFile: z.string().min(1).optional(),
  json: z.boolean().optional(),
})
const RevokeOptions = z.object({ as: Actor, json: z.boolean().optional() })
const ShowOptions = z.object({ json: z.boolean().optional() })

/** `~/x` as the shell would have it (for `--key-file=~/x`, which the shell leaves alone). */
function expandHome(path: string): string {
  return path.startsWith('~/') ? join(homedir(), path.slice(2)) : path
}

export function registerApprovals(program: Command): void {
  for (const decision of ['approve', 'reject'] as const) {
    program
      .command(decision)
      .description(
        decision === 'approve'
          ? 'approve a proposal awaiting approval (counted by distinct person)'
          : 'reject a proposal awaiting approval',
      )
      .argument('<id>', 'proposal id, e.g. P-3')
      .requiredOption('--as <name>', 'who decides')
      .option('--comment <text>', 'why')
      .option(
        '--hash <content-hash>',
        'only if the proposal still has this content hash (as shown by `operator proposal ID`)',
      )
      .option('--key-file <path>', 'sign with your Ed25519 private key (when the policy names a key for you)')
      .option('--json', 'print the proposal as JSON')
      .action(async (id: string, raw: unknown) => {
        const o = parseOptions(DecisionOptions, raw, decision)
        const key = o.keyFile === undefined ? undefined : readApproverKey(expandHome(o.keyFile))
        await withStore((store) => {
          const p = store.proposal(id)
          const hash = o.hash ?? (key ? p.content_hash : undefined)
          const claim = { proposal_id: p.id, content_hash: hash ?? p.content_hash, actor: o.as, decision }
          recordApproval(
            store,
            {
              proposalId: id,
              actor: o.as,
              decision,
              comment: o.comment ?? null,
              runId: store.ticket(p.ticket_id).run_id,
              ...(hash ? { expectedHash: hash } : {}),
              ...(key ? { proof: signClaim(key, claim) } : {}),
            },
            resolveSigningKey(paths().home),
          )
          output(
            o.json,
            proposalView(store, id),
            (v) => `${decision === 'approve' ? 'approved' : 'rejected'} by ${o.as}\n${renderProposal(v)}`,
          )
        })
      })
  }

  program
    .command('revoke')
    .description('take your approval back before the proposal executes')
    .argument('<id>', 'proposal id')
    .requiredOption('--as <name>', 'whose approval')
    .option('--json', 'print the proposal as JSON')
    .action(async (id: string, raw: unknown) => {
      const o = parseOptions(RevokeOptions, raw, 'revoke')
      await withStore((store) => {
        revokeApproval(store, id, o.as, store.ticket(store.proposal(id).ticket_id).run_id)
        output(o.json, proposalView(store, id), (v) => `revoked by ${o.as}\n${renderProposal(v)}`)
      })
    })

  program
    .command('proposal')
    .description('exactly what a proposal asks for: action, params, content hash, policy rule, risk, approvals')
    .argument('<id>', 'proposal id')
    .option('--json', 'print as JSON')
    .action(async (id: string, raw: unknown) => {
      const o = parseOptions(ShowOptions, raw, 'proposal')
      await withStore((store) => output(o.json, proposalView(store, id), renderProposal), { readonly: true })
    })
}
