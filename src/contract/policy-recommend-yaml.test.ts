import { describe, expect, it } from 'vitest'
import { type ActionFacts, evaluatePolicy } from '../safety/policy/evaluate-policy.js'
import { builtInPolicy, checkPolicyText } from '../safety/policy/load-policy.js'
import type { Blocker } from './policy-recommend-blocker.js'
import { planPatch } from './policy-recommend-patch.js'
import { builtInPolicyText, patchPolicyText } from './policy-recommend-yaml.js'

const COMPACT: ActionFacts = { action: 'compact_revisions', kind: 'subject', subject: 'etcd', risk: 'medium', tier: 1 }

/** The text patched to let COMPACT through, and what the patched policy decides for it. */
function patch(text: string) {
  const checked = checkPolicyText(text, 'p.yaml')
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors))
  const decision = evaluatePolicy(checked.loaded, COMPACT)
  const index = checked.loaded.policy.rules.findIndex((r) => r.id === decision.rule_id)
  const blocker: Blocker = { kind: 'denied', decision, index: index === -1 ? null : index, counted: 0 }
  const patched = patchPolicyText(text, planPatch(checked.loaded.policy, COMPACT, blocker, 'test'))
  const after = checkPolicyText(patched, 'p.yaml')
  if (!after.ok) throw new Error(JSON.stringify(after.errors))
  return { patched, decision: evaluatePolicy(after.loaded, COMPACT) }
}

describe('policy text patches', () => {
  it('appends a rule after the last one when the default denies, keeping a file without a final newline', () => {
    const text = 'rules:\n- id: restarts\n  match: { action: restart_member }\n  decision: allow  # ok\ndefault: deny'
    const { patched, decision } = patch(text)
    expect(decision).toMatchObject({
      decision: 'require_approval',
      rule_id: 'recommended.compact_revisions.etcd.medium',
    })
    expect(
      patched.startsWith('rules:\n- id: restarts\n  match: { action: restart_member }\n  decision: allow  # ok\n'),
    ).toBe(true)
    expect(patched).toMatch(/\n- id: recommended\.compact_revisions\.etcd\.medium\n {2}description: test\n/)
    expect(patched.endsWith('\ndefault: deny')).toBe(true)
  })

  it('rewrites through the yaml document when the rules are a flow sequence', () => {
    const text = '# flow\nrules: [{ id: no, decision: deny }]\n'
    const { patched, decision } = patch(text)
    expect(decision.rule_id).toBe('recommended.compact_revisions.etcd.medium')
    expect(patched).toContain('# flow')
  })

  it('gives a fresh id when the natural one is taken', () => {
    const text = `rules:
  - id: recommended.compact_revisions.etcd.medium
    match: { action: restart_member }
    decision: allow
  - id: no
    decision: deny
`
    expect(patch(text).decision.rule_id).toBe('recommended.compact_revisions.etcd.medium-2')
  })

  it('renders the built-in policy as a file that loads to the built-in policy', () => {
    const checked = checkPolicyText(builtInPolicyText(), 'built-in')
    expect(checked.ok && checked.loaded.digest).toBe(builtInPolicy().digest)
    expect(builtInPolicyText()).toContain("# Operator's built-in policy")
  })
})
