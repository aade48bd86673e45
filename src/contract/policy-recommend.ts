/**
 * `operator policy recommend PROPOSAL`: for a proposal the policy in force
 * denies, or that needs more people than have approved, the smallest policy
 * patch that would let it through, as a unified YAML diff, with its risk and
 * a confirmation id. It changes nothing: it is recorded (`policy.recommended`)
 * and only `operator policy apply CONFIRMATION_ID --as NAME`, run by a person
 * (policy-apply.ts), writes it. Before it is returned the patched text is
 * checked as `policy check` checks a file, evaluated to let this proposal
 * through, and the diff applied to the original to give it.
 */
import { randomBytes } from 'node:crypto'
import { sha256Hex } from '../core/canonical-json.js'
import { OperatorError } from '../core/errors.js'
import { redact } from '../core/redact.js'
import type { Risk } from '../core/subject.js'
import { evaluatePolicy } from '../safety/policy/evaluate-policy.js'
import { checkPolicyText } from '../safety/policy/load-policy.js'
import { type ContractDeps, ref, SCHEMA_VERSION } from './common.js'
import { applyUnifiedDiff, unifiedDiff } from './policy-diff.js'
import { findBlocker, proposalFacts } from './policy-recommend-blocker.js'
import { planPatch } from './policy-recommend-patch.js'
import { PolicyRecommendation } from './policy-recommend-schema.js'
import { recommendationEvidence, recommendationRationale } from './policy-recommend-why.js'
import { patchPolicyText, readPolicyText } from './policy-recommend-yaml.js'

export { PolicyRecommendation, recommendationText } from './policy-recommend-schema.js'

export interface RecommendOptions {
  /** Who asked, as recorded in the audit log (default `operator`). */
  actor?: string
  /** Makes the confirmation id (tests fix it); default 8 random hex digits. */
  confirmationId?: () => string
}

const internal = (message: string) => new OperatorError('internal', message, 'report this with the policy file')

/** The recommendation for `proposalId` under `deps.policy`, recorded in the audit log. */
export function recommendPolicy(
  deps: ContractDeps,
  proposalId: string,
  options: RecommendOptions = {},
): PolicyRecommendation {
  const p = deps.store.proposal(proposalId)
  const facts = proposalFacts(deps, p)
  const blocker = findBlocker(deps, p, facts)
  const source = readPolicyText(deps.policy)
  const id = options.confirmationId?.() ?? `PC-${randomBytes(4).toString('hex')}`
  const plan = planPatch(deps.policy.policy, facts, blocker, `recommended for ${p.id} (${id})`)
  const patched = patchPolicyText(source.text, plan)
  const checked = checkPolicyText(patched, source.file ?? 'built-in')
  if (!checked.ok) throw internal(`the patched policy fails its check: ${checked.errors[0]?.message}`)
  const after = evaluatePolicy(checked.loaded, facts)
  const lets =
    after.rule_id === plan.rule.id &&
    after.decision !== 'deny' &&
    (blocker.kind === 'denied' || after.decision === 'allow' || after.min_approvals < blocker.decision.min_approvals)
  if (!lets) throw internal(`the patched policy still blocks ${p.id}: ${after.reason}`)
  const diff = unifiedDiff(source.text, patched, source.name)
  if (applyUnifiedDiff(source.text, diff) !== patched) throw internal('the policy diff does not reproduce the patch')
  const risk: Risk = plan.removes_human_approval && ['high', 'critical'].includes(facts.risk) ? 'critical' : facts.risk
  const command = `operator policy apply ${id} --as NAME${source.file === null ? ' --policy NEW_FILE' : ''}`
  const textDigestAfter = sha256Hex(patched)
  const runId = deps.store.ticket(p.ticket_id).run_id
  const payload = {
    confirmation_id: id,
    proposal_id: p.id,
    policy_file: source.file,
    policy_source: deps.policy.source,
    policy_digest: deps.policy.digest,
    text_digest_before: source.digest,
    text_digest_after: textDigestAfter,
    digest_after: checked.loaded.digest,
    rule_id: plan.rule.id,
    change: plan.change,
    risk,
    patch: diff,
  }
  // The log stores payloads redacted: a patch that redaction would change could not be applied from it.
  if (JSON.stringify(redact(payload)) !== JSON.stringify(payload))
    throw new OperatorError(
      'config',
      `the policy patch for ${p.id} holds text that looks like a secret, so it cannot be recorded as it is`,
      `remove the secret-looking text near rule ${plan.rule.id} from ${deps.policy.source}, then recommend again`,
    )
  const record = { run_id: runId, actor: options.actor ?? 'operator', type: 'policy.recommended', payload }
  const event = deps.store.append(record)
  return PolicyRecommendation.parse({
    schema_version: SCHEMA_VERSION,
    proposal: {
      id: p.id,
      action: p.action,
      subject: facts.subject,
      kind: facts.kind,
      tier: p.tier,
      risk: facts.risk,
      status: p.status,
    },
    blocked: {
      kind: blocker.kind,
      rule_id: blocker.decision.rule_id,
      rule_position: blocker.index === null ? null : blocker.index + 1,
      min_approvals: blocker.decision.min_approvals,
      counted: blocker.counted,
      reason: blocker.decision.reason,
    },
    policy: { file: source.file, source: deps.policy.source, digest: deps.policy.digest, text_digest: source.digest },
    patch: {
      change: plan.change,
      rule_id: plan.rule.id,
      rule_position: plan.index + 1,
      summary: plan.summary,
      diff,
      text_digest_after: textDigestAfter,
      digest_after: checked.loaded.digest,
      decision_after: { rule_id: after.rule_id, decision: after.decision, min_approvals: after.min_approvals },
      removes_human_approval: plan.removes_human_approval,
    },
    risk,
    requires_confirmation: true,
    confirmation_id: id,
    apply_command: command,
    rationale: recommendationRationale(p, facts, blocker, plan, { command, builtIn: source.file === null }),
    evidence: [...recommendationEvidence(deps, p, blocker), ref.seq(event.seq, 'policy.recommended')],
    recorded_seq: event.seq,
  })
}
