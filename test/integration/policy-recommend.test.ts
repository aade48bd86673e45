/**
 * A policy recommendation through the real CLI and a real database, no
 * cluster: a proposal the team policy denies (written through the store as
 * the agent writes it), `policy recommend --json` proposes the patch, an
 * agent's `policy apply` is refused, a person's writes the file with a
 * backup and an audit event, and a second apply is refused.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { describe, expect, it } from 'vitest'
import { ErrorObject } from '../../src/contract/common.js'
import { PolicyApplied } from '../../src/contract/policy-apply.js'
import { PolicyRecommendation } from '../../src/contract/policy-recommend.js'
import { loadPolicy } from '../../src/safety/policy/load-policy.js'
import { createOperatorEnv } from '../fixtures/operator-env.js'
import { blockedProposal, writePolicy } from '../golden/policy/blocked-proposal.js'

const POLICY = `# team policy
rules:
  # no maintenance while we investigate
  - id: no-maintenance
    match: { action: [compact_revisions, defragment_member] }
    decision: deny
default: require_approval
`

describe('operator policy recommend and apply', () => {
  it('proposes a patch for a denied proposal that only a person can write', async () => {
    const op = createOperatorEnv()
    const file = writePolicy(op.home, POLICY)
    const p = blockedProposal(op.store(), loadPolicy(file, {}), { action: 'compact_revisions', agent: 'agent-9-c0de' })
    expect(p.status).toBe('denied')

    const rec = PolicyRecommendation.parse(await op.cliJson(['policy', 'recommend', p.id, '--policy', file]))
    expect(rec).toMatchObject({ requires_confirmation: true, blocked: { kind: 'denied', rule_id: 'no-maintenance' } })
    const text = await op.cli(['policy', 'recommend', p.id], { OPERATOR_POLICY: file })
    expect(text.exitCode).toBe(0)
    expect(text.stdout).toContain(`+  - id: ${rec.patch.rule_id}`)
    expect(readFileSync(file, 'utf8')).toBe(POLICY)

    const byAgent = await op.cli(['policy', 'apply', rec.confirmation_id, '--as', 'agent-9-c0de', '--json'])
    expect(byAgent.exitCode).toBe(8)
    expect(ErrorObject.parse(JSON.parse(byAgent.stdout)).error.message).toMatch(/an agent never applies/)
    expect(readFileSync(file, 'utf8')).toBe(POLICY)

    const me = userInfo().username
    const done = await op.cli(['policy', 'apply', rec.confirmation_id, '--as', me, '--json'])
    expect(done.exitCode, done.stderr).toBe(0)
    const applied = PolicyApplied.parse(JSON.parse(done.stdout))
    expect(applied).toMatchObject({ applied_by: me, os_user: me, policy_file: file })
    expect(readFileSync(applied.backup ?? '', 'utf8')).toBe(POLICY)
    expect(readFileSync(file, 'utf8')).toContain(`- id: ${rec.patch.rule_id}`)
    expect(readdirSync(op.home).filter((f) => f.includes('.tmp-'))).toEqual([])
    expect((await op.cli(['policy', 'check', file])).exitCode).toBe(0)
    expect((await op.cli(['audit', 'verify'])).exitCode).toBe(0)
    const events = op.store().events({ types: ['policy.recommended', 'policy.applied'] })
    expect(events.map((e) => e.type)).toEqual(['policy.recommended', 'policy.recommended', 'policy.applied'])

    const again = await op.cli(['policy', 'apply', rec.confirmation_id, '--as', me])
    expect(again.exitCode).toBe(7)
    expect(again.stderr).toMatch(/already applied/)
  })
})
