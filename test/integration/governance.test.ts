/**
 * Governance end to end on a real cluster: a policy file that asks two
 * named people (each signing with their key file) for a restart holds in
 * auto mode too; the wrong person, and a name without its key, are refused;
 * the second approval yields a token the gate consumes; a bad policy stops
 * the agent before it acts.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { approverKeys, identitiesYaml, writeKeyFile } from '../fixtures/approver-keys.js'
import { createOperatorEnv, waitFor } from '../fixtures/operator-env.js'

// The test is one OS user: alice and bob are told apart by their own key files, as two people sharing an account would be.
const PEOPLE = approverKeys('alice', 'bob')
const TWO_PEOPLE = `rules:
  - id: two-people-restart
    match: { action: restart_member }
    decision: require_approval
    min_approvals: 2
    approvers: [alice, bob]
    approval_ttl: 10m
${identitiesYaml([PEOPLE.alice, PEOPLE.bob])}`

describe('governance on a real cluster', () => {
  it('needs two named people for a restart even in auto mode, then executes once with a consumed token', async () => {
    const op = createOperatorEnv()
    const policy = join(op.home, 'policy.yaml')
    writeFileSync(policy, TWO_PEOPLE)
    expect((await op.cli(['policy', 'check', policy])).exitCode).toBe(0)
    await op.clusterUp()
    op.spawn('monitor', ['monitor', '--interval', '300'])
    op.spawn('agent', ['agent', '--settle', '800', '--policy', policy], {
      OPERATOR_SAFETY_MODE: 'execute',
      OPERATOR_APPROVAL_MODE: 'auto',
    })
    await op.cli(['fault', 'kill_member', '--target', 'm2'])
    const pending = await waitFor(
      'a proposal awaiting approval',
      () => op.store().proposals({ status: ['awaiting_approval'] })[0],
    )
    expect(pending.policy).toMatchObject({
      rule_id: 'two-people-restart',
      min_approvals: 2,
      approvers: ['alice', 'bob'],
    })

    const keyFile = (name: 'alice' | 'bob') => writeKeyFile(op.home, PEOPLE[name])
    const unsigned = await op.cli(['approve', pending.id, '--as', 'bob'])
    expect(unsigned.exitCode).toBe(20)
    expect(unsigned.stderr).toMatch(/bob must sign .*two-people-restart.* — add --key-file/)
    const alice = await op.cli(['approve', pending.id, '--as', 'alice', '--key-file', keyFile('alice')])
    expect(alice.exitCode, alice.stderr).toBe(0)
    expect(alice.stdout).toMatch(/1\/2 distinct approval/)
    const mallory = await op.cli(['approve', pending.id, '--as', 'mallory'])
    expect(mallory.exitCode).toBe(20)
    expect(mallory.stderr).toMatch(/mallory is not an allowed approver .* two-people-restart — ask one of: alice, bob/)
    await new Promise((r) => setTimeout(r, 1000))
    expect(op.store().proposal(pending.id).status).toBe('awaiting_approval')

    expect((await op.cli(['approve', pending.id, '--as', 'bob', '--key-file', keyFile('bob')])).exitCode).toBe(0)
    await waitFor('the restart verified', () => op.store().proposal(pending.id).status === 'verified', 60_000)
    const shown = await op.cliJson<{ tokens: { consumed_at: number | null }[]; approval: { counted: string[] } }>([
      'proposal',
      pending.id,
    ])
    expect(shown.approval.counted).toEqual(['alice', 'bob'])
    expect(shown.tokens).toHaveLength(1)
    expect(shown.tokens[0]?.consumed_at).not.toBeNull()
    expect((await op.cli(['audit', 'verify'])).exitCode).toBe(0)
  })

  it('refuses to start an agent on an invalid policy, naming the file, line and fix', async () => {
    const op = createOperatorEnv()
    const policy = join(op.home, 'bad.yaml')
    writeFileSync(policy, 'rules:\n  - id: a\n    decision: sometimes\n')
    await op.clusterUp()
    const r = await op.cli(['agent', '--policy', policy])
    expect(r.exitCode).toBe(11)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/bad\.yaml:3: rules\.0\.decision: .*operator policy check/)
  })
})
