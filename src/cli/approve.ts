/**
 * A person's decisions: `operator approve ID --as NAME`, `operator reject`,
 * `operator revoke` (take an approval back before execution), and
 * `operator proposal ID`: exactly what is being approved — action, params,
 * content hash, policy rule, risk, approvals counted and missing.
 */
import type { Command } from 'commander'
import { z } from 'zod'
import type { Proposal } from '../core/records.js'
import { type ApprovalStatus, approvalStatus, SYSTEM_ACTOR } from '../safety/approval-rules.js'
import { recordApproval, revokeApproval } from '../safety/approvals.js'
import { resolveSigningKey } from '../safety/token-secret.js'
import { tokensFor } from '../safety/tokens.js'
import type { Store } from '../store/store.js'
import { output, parseOptions, paths, withStore } from './context.js'

const Actor = z
  .string()
  .min(1, 'needs a name')
  .refine((n) => n !== SYSTEM_ACTOR, `"${SYSTEM_ACTOR}" is reserved for automatic approvals`)
const DecisionOptions = z.object({
  as: Actor,
  comment: z.string().optional(),
  hash: z.string().optional(),
  json: z.boolean().optional(),
})
const ShowOptions = z.object({ json: z.boolean().optional() })

export interface ProposalView {
  proposal: Proposal
  approval: ApprovalStatus
  approvals: ReturnType<Store['approvals']>
  tokens: { id: string; issued_at: number; expires_at: number; consumed_at: number | null; revoked_at: number | null }[]
}

export function proposalView(store: Store, id: string): ProposalView {
  const proposal = store.proposal(id)
  const approvals = store.approvals(id)
  return {
    proposal,
    approval: approvalStatus(proposal, approvals, store.modes(), Date.now()),
    approvals,
    tokens: tokensFor(store.db, id).map(({ id: tokenId, issued_at, expires_at, consumed_at, revoked_at }) => ({
      id: tokenId,
      issued_at,
      expires_at,
      consumed_at,
      revoked_at,
    })),
  }
}

function describePolicy(policy: Proposal['policy']): string {
  if (!policy) return 'none recorded'
  const digest = policy.policy_digest.slice(0, 12)
  return `${policy.rule_id}: ${policy.decision} — ${policy.reason} (policy ${digest}, ${policy.source})`
}

function describeRisk(r: NonNullable<Proposal['risk_assessment']>): string {
  const paramFactors = r.param_factors.length ? `; ${r.param_factors.join('; ')}` : ''
  const sessionFactors = r.session_factors.length ? ` — ${r.session_factors.join('; ')}` : ''
  return `${r.effective} (base ${r.base}${paramFactors}); session score ${r.session_score}${sessionFactors}`
}

export function renderProposal(v: ProposalView): string {
  const p = v.proposal
  const r = p.risk_assessment
  const discounted = v.approval.discounted.map((d) => `${d.actor} (${d.why})`).join(', ')
  const notCounted = v.approval.discounted.length ? `; not counted: ${discounted}` : ''
  return [
    `${p.id}  ${p.status}  (ticket ${p.ticket_id}, step ${p.step + 1}/${p.steps})`,
    `  action        ${p.action}`,
    `  params        ${JSON.stringify(p.params)}`,
    `  content hash  ${p.content_hash}`,
    `  policy        ${describePolicy(p.policy)}`,
    `  risk          ${r ? describeRisk(r) : p.risk}, tier ${p.tier}`,
    `  approvals     ${v.approval.reason}${notCounted}`,
    `  rationale     ${p.rationale}`,
    ...(p.reason ? [`  last reason   ${p.reason}`] : []),
  ].join('\n')
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
      .option('--json', 'print the proposal as JSON')
      .action(async (id: string, raw: unknown) => {
        const o = parseOptions(DecisionOptions, raw, decision)
        await withStore((store) => {
          const ticket = store.ticket(store.proposal(id).ticket_id)
          recordApproval(
            store,
            {
              proposalId: id,
              actor: o.as,
              decision,
              comment: o.comment ?? null,
              runId: ticket.run_id,
              ...(o.hash ? { expectedHash: o.hash } : {}),
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
      const o = parseOptions(DecisionOptions, raw, 'revoke')
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
