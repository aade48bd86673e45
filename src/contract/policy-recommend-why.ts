/**
 * Why a policy recommendation is what it is: the rationale (what blocks the
 * proposal, what the patch changes and what it leaves alone, who may apply
 * it) and the evidence it rests on — the proposal, the deciding rule with the
 * policy's digest, the audit events where the policy decided and people
 * approved, and the commands that check it.
 */
import type { Proposal } from '../core/records.js'
import type { ActionFacts } from '../safety/policy/evaluate-policy.js'
import { type ContractDeps, type EvidenceRef, ref } from './common.js'
import type { Blocker } from './policy-recommend-blocker.js'
import type { PatchPlan } from './policy-recommend-patch.js'

const people = (n: number) => (n === 1 ? 'one person' : `${n} people`)

/** The events that show how the policy held the proposal back. */
const DECISION_EVENTS = ['proposal.validated', 'proposal.awaiting_approval', 'proposal.denied', 'approval.recorded']

/** The proposal, the deciding rule, the audit events of the decision, and how to check the policy. */
export function recommendationEvidence(deps: ContractDeps, p: Proposal, blocker: Blocker): EvidenceRef[] {
  const { policy } = deps
  const where = blocker.index === null ? 'the default' : `rule #${blocker.index + 1}`
  const events = deps.store
    .events({ types: DECISION_EVENTS })
    .filter((e) => e.payload.proposal_id === p.id)
    .map((e) => ref.seq(e.seq, e.type))
  const file = policy.source === 'built-in' ? '' : ` --policy ${policy.source}`
  return [
    ref.of('proposal', p.id, `${p.action} ${p.status}`),
    ref.of('policy_rule', blocker.decision.rule_id, `${where} of ${policy.source}, digest ${policy.digest}`),
    ...events,
    ref.of(
      'verification',
      `operator policy explain ${p.action} --risk ${blocker.decision.matched_risk ?? p.risk}${file}`,
    ),
  ]
}

/** One paragraph: blocked by what, the change, what it does not change, and that a person applies it. */
export function recommendationRationale(
  p: Proposal,
  f: ActionFacts,
  blocker: Blocker,
  plan: PatchPlan,
  apply: { command: string; builtIn: boolean },
): string {
  const rule = blocker.index === null ? 'the policy default' : `rule ${blocker.decision.rule_id}`
  const why =
    blocker.kind === 'denied'
      ? `${rule} denies it`
      : `${rule} needs ${people(blocker.decision.min_approvals)} and ${blocker.counted === 0 ? 'none' : blocker.counted} counted`
  const narrow =
    plan.change === 'edit_rule'
      ? `${plan.rule.id} matches only ${f.action}, so lowering its count changes nothing else.`
      : `placed right before ${rule}, the new rule matches nothing but this action, subject and risk.`
  const human = plan.removes_human_approval
    ? ` It removes human approval: the system approves it in auto mode (a person still does in manual mode).`
    : ''
  const file = apply.builtIn
    ? ' The policy in force is the built-in one: apply writes the patched policy to the new file given with --policy, which the agent must then be started with.'
    : ' Apply keeps a backup of the file and records the change.'
  return `${p.id} (${f.action} on ${f.subject}, matched on risk ${f.risk}: ${f.risk_basis}) is blocked: ${why}. It is the smallest change that lets it through: ${narrow}${human} It is only a proposal: a person confirms it with \`${apply.command}\`; an agent cannot.${file}`
}
