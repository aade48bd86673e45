import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { proposalAt, ticketFor } from '../../test/fixtures/proposal-states.js'
import { createTempStore, tempDir } from '../../test/fixtures/temp-store.js'
import { blockedProposal, writePolicy } from '../../test/golden/policy/blocked-proposal.js'
import type { Risk } from '../core/subject.js'
import { type ActionFacts, evaluatePolicy } from '../safety/policy/evaluate-policy.js'
import { builtInPolicy, checkPolicyText, type LoadedPolicy, loadPolicy } from '../safety/policy/load-policy.js'
import { applyUnifiedDiff } from './policy-diff.js'
import { PolicyRecommendation, recommendPolicy } from './policy-recommend.js'

const TEAM = `# team policy
rules:
  - id: two-people-restart
    match: { action: restart_member }
    decision: require_approval
    min_approvals: 2   # two pairs of eyes
  # no maintenance while we investigate
  - id: no-maintenance
    match: { action: [compact_revisions, defragment_member] }
    decision: deny
  - id: people-for-the-rest
    match: { risk: [medium, high] }
    decision: require_approval
    min_approvals: 2
default: require_approval
`

function setup(text: string | null) {
  const { store, clock } = createTempStore()
  const file = text === null ? null : writePolicy(tempDir(), text)
  const policy = file === null ? builtInPolicy() : loadPolicy(file, {})
  const deps = { store, clock, home: tempDir(), policy }
  return { store, file, policy, deps }
}

const facts = (action: string, risk: Risk, kind: ActionFacts['kind'] = 'subject'): ActionFacts => ({
  action,
  kind,
  subject: 'etcd',
  risk,
  tier: 1,
})

/** The patched policy: the recommendation's diff applied to the original text, checked as `policy check` does. */
function patched(original: string, diff: string): LoadedPolicy {
  const checked = checkPolicyText(applyUnifiedDiff(original, diff), 'patched')
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors))
  return checked.loaded
}

describe('operator policy recommend', () => {
  it('lets exactly a denied proposal through: the rule still denies everything else it denied', () => {
    const { store, deps } = setup(TEAM)
    const p = blockedProposal(store, deps.policy, { action: 'compact_revisions' })
    expect(p.status).toBe('denied')
    const rec = recommendPolicy(deps, p.id)
    expect(PolicyRecommendation.parse(rec)).toEqual(rec)
    expect(rec.blocked).toMatchObject({ kind: 'denied', rule_id: 'no-maintenance', rule_position: 2 })
    expect(rec.patch).toMatchObject({ change: 'insert_rule', rule_position: 2, removes_human_approval: false })
    expect(rec.patch.decision_after).toEqual({
      rule_id: rec.patch.rule_id,
      decision: 'require_approval',
      min_approvals: 1,
    })
    expect(rec).toMatchObject({ requires_confirmation: true, risk: 'medium' })
    expect(rec.confirmation_id).toMatch(/^PC-[0-9a-f]{8}$/)
    const after = patched(TEAM, rec.patch.diff)
    expect(evaluatePolicy(after, facts('compact_revisions', 'medium'))).toMatchObject({ decision: 'require_approval' })
    expect(evaluatePolicy(after, facts('compact_revisions', 'high'))).toMatchObject({ rule_id: 'no-maintenance' })
    expect(evaluatePolicy(after, facts('defragment_member', 'low'))).toMatchObject({ decision: 'deny' })
    const text = applyUnifiedDiff(TEAM, rec.patch.diff)
    expect(text).toContain('# team policy')
    expect(text).toContain('min_approvals: 2   # two pairs of eyes')
    expect(text.indexOf(rec.patch.rule_id)).toBeLessThan(text.indexOf('# no maintenance while we investigate'))
    expect(rec.patch.diff.split('\n').filter((l) => /^[-+][^-+]/.test(l))).toHaveLength(5)
  })

  it('records the recommendation with the file digests and the patch, citing the denial', () => {
    const { store, file, deps } = setup(TEAM)
    const p = blockedProposal(store, deps.policy)
    const rec = recommendPolicy(deps, p.id)
    const [event] = store.events({ types: ['policy.recommended'] })
    expect(event?.seq).toBe(rec.recorded_seq)
    expect(event?.payload).toMatchObject({
      confirmation_id: rec.confirmation_id,
      proposal_id: p.id,
      policy_file: file,
      text_digest_before: rec.policy.text_digest,
      text_digest_after: rec.patch.text_digest_after,
      patch: rec.patch.diff,
    })
    const denied = store.events({ types: ['proposal.denied'] })[0]?.seq
    expect(rec.evidence).toContainEqual({ type: 'audit_seq', ref: String(denied), detail: 'proposal.denied' })
    expect(rec.evidence).toContainEqual(expect.objectContaining({ type: 'policy_rule', ref: 'no-maintenance' }))
    expect(readFileSync(file ?? '', 'utf8')).toBe(TEAM)
  })

  it('lowers the approvals of a rule that covers the action alone, in place', () => {
    const { store, deps } = setup(TEAM)
    const p = blockedProposal(store, deps.policy, { action: 'restart_member', params: { member: 'm2' } })
    const rec = recommendPolicy(deps, p.id)
    expect(rec.blocked).toMatchObject({ kind: 'needs_approvals', rule_id: 'two-people-restart', min_approvals: 2 })
    expect(rec.patch).toMatchObject({ change: 'edit_rule', rule_id: 'two-people-restart' })
    expect(rec.patch.diff).toContain(
      '-    min_approvals: 2   # two pairs of eyes\n+    min_approvals: 1   # two pairs of eyes',
    )
    expect(evaluatePolicy(patched(TEAM, rec.patch.diff), facts('restart_member', 'medium')).min_approvals).toBe(1)
  })

  it('lowers the approvals for that action only when its rule covers others', () => {
    const { store, deps } = setup(TEAM)
    const p = blockedProposal(store, deps.policy, { action: 'docker_unpause' })
    const rec = recommendPolicy(deps, p.id)
    expect(rec.blocked).toMatchObject({ kind: 'needs_approvals', rule_id: 'people-for-the-rest' })
    expect(rec.patch).toMatchObject({ change: 'insert_rule', rule_position: 3 })
    const after = patched(TEAM, rec.patch.diff)
    expect(evaluatePolicy(after, { ...facts('docker_unpause', 'medium', 'docker'), tier: 2 }).min_approvals).toBe(1)
    expect(evaluatePolicy(after, { ...facts('docker_start', 'medium', 'docker'), tier: 2 }).min_approvals).toBe(2)
  })

  it('refuses a proposal the policy does not block', () => {
    const { store, deps } = setup(null)
    const allowed = blockedProposal(store, deps.policy, { action: 'restart_member', params: { member: 'm2' } })
    expect(() => recommendPolicy(deps, allowed.id)).toThrow(/allows P-1.*not for the policy/)
    const executed = proposalAt(store, ticketFor(store, 'run-1', 'members_healthy:m3'), 'approved')
    expect(() => recommendPolicy(deps, executed.id)).toThrow(
      expect.objectContaining({
        category: 'conflict',
        message: expect.stringMatching(/is approved: it is not blocked/),
      }),
    )
    expect(store.events({ types: ['policy.recommended'] })).toHaveLength(0)
  })

  it('patches the built-in policy rendered as YAML, and says apply needs a new file', () => {
    const { store, deps } = setup(null)
    const p = blockedProposal(store, deps.policy, { action: 'docker_stop' })
    const rec = recommendPolicy(deps, p.id)
    expect(rec.policy).toMatchObject({ file: null, source: 'built-in' })
    expect(rec.blocked).toMatchObject({ kind: 'needs_approvals', rule_id: 'built-in.high-critical' })
    expect(rec.patch).toMatchObject({ removes_human_approval: true, decision_after: { decision: 'allow' } })
    expect(rec.risk).toBe('critical')
    expect(rec.apply_command).toMatch(/--as NAME --policy NEW_FILE$/)
    expect(rec.rationale).toMatch(/built-in one: apply writes the patched policy to the new file given with --policy/)
    expect(rec.patch.diff).toMatch(/^--- a\/built-in\.yaml\n\+\+\+ b\/built-in\.yaml\n/)
  })
})
