/**
 * Approvers are people the operator can check, through the real CLI and a
 * real database: one OS user counts once whatever names it approves under;
 * people sharing an OS user count apart only with their own key files; a
 * name bound to an OS user is refused from any other; and (as root) an
 * approval from another uid is another person. No cluster is needed: the
 * proposal is written through the store as the agent would.
 */
import { chmodSync, readdirSync, writeFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import type { Approval, Proposal, RiskAssessment } from '../../src/core/records.js'
import { evaluatePolicy } from '../../src/safety/policy/evaluate-policy.js'
import { loadPolicy } from '../../src/safety/policy/load-policy.js'
import { approverKeys, identitiesYaml, writeKeyFile } from '../fixtures/approver-keys.js'
import { CLI, createOperatorEnv, type OperatorEnv } from '../fixtures/operator-env.js'
import { createViolation } from '../fixtures/temp-store.js'

const ME = userInfo()
const SECRET = '4c8e2a6f0b3d7e1a5c9f2b6d0e4a8c1f5b9d3e7a0c4f8b2d6e1a5c9f3b7d0e4a'
const ANY_TWO = `rules:
  - id: any-two-people
    match: { action: restart_member }
    decision: require_approval
    min_approvals: 2
`
const TWO_OF = `rules:
  - id: two-people-restart
    match: { action: restart_member }
    decision: require_approval
    min_approvals: 2
    approvers: [alice, bob, carol]
`

function oneLine(text: string): string {
  const lines = text.trim().split('\n')
  expect(lines).toHaveLength(1)
  return lines[0] ?? ''
}

/** A restart proposal awaiting approval under the policy in `file`, written as the agent writes it. */
function awaiting(op: OperatorEnv, file: string): Proposal {
  const store = op.store()
  const ticket = store.upsertViolation('run-1', 'etcd', createViolation(), 'monitor').ticket
  let p = store.createProposal({
    ticket_id: ticket.id,
    run_id: 'run-1',
    attempt: 0,
    step: 0,
    steps: 1,
    action: 'restart_member',
    params: { member: 'm2' },
    risk: 'medium',
    tier: 2,
    rationale: 'm2 crashed',
    created_by: 'agent',
  })
  const policy = evaluatePolicy(loadPolicy(file, {}), {
    action: 'restart_member',
    kind: 'subject',
    subject: 'etcd',
    risk: 'medium',
    tier: 2,
  })
  const risk_assessment: RiskAssessment = {
    base: 'medium',
    effective: 'medium',
    param_factors: [],
    session_score: 0,
    session_factors: [],
    extra_approvals: 0,
    deny: false,
  }
  p = store.transition(p.id, p.version, 'validated', {
    actor: 'agent',
    runId: 'run-1',
    governance: { policy, risk_assessment },
  })
  return store.transition(p.id, p.version, 'awaiting_approval', { actor: 'agent', runId: 'run-1' })
}

function writePolicy(op: OperatorEnv, text: string): string {
  const file = join(op.home, 'policy.yaml')
  writeFileSync(file, text)
  return file
}

describe('approver identity through the CLI', () => {
  it('lets anyone approve a rule with no list, but one OS user counts once whatever names it uses', async () => {
    const op = createOperatorEnv()
    const file = writePolicy(op, ANY_TWO)
    expect((await op.cli(['policy', 'check', file])).exitCode).toBe(0)
    const p = awaiting(op, file)
    expect((await op.cli(['approve', p.id, '--as', 'alice'])).exitCode).toBe(0)
    const bob = await op.cli(['approve', p.id, '--as', 'bob'])
    expect(bob.exitCode, bob.stderr).toBe(0)
    expect(bob.stdout).toMatch(/1\/2 distinct approval.*not counted: bob \(same OS user as alice/)
    expect(op.store().proposal(p.id).status).toBe('awaiting_approval')
    const shown = await op.cliJson<{ approvals: Approval[] }>(['proposal', p.id])
    expect(shown.approvals.map((a) => [a.actor, a.os_uid, a.os_user])).toEqual([
      ['alice', ME.uid, ME.username],
      ['bob', ME.uid, ME.username],
    ])
    const text = await op.cli(['proposal', p.id])
    expect(text.stdout).toContain(`alice approve — OS user ${ME.username} (uid ${ME.uid})`)
    const events = op.store().events({ types: ['approval.recorded'] })
    expect(events.map((e) => e.payload.os_user)).toEqual([ME.username, ME.username])
  })

  it('counts people sharing an OS user apart when each signs with the key file the policy names', async () => {
    const op = createOperatorEnv()
    const keys = approverKeys('alice', 'bob')
    const file = writePolicy(op, TWO_OF + identitiesYaml([keys.alice, keys.bob]))
    const p = awaiting(op, file)
    const aliceKey = writeKeyFile(op.home, keys.alice)
    const bobKey = writeKeyFile(op.home, keys.bob)
    const unsigned = await op.cli(['approve', p.id, '--as', 'alice'])
    expect(unsigned.exitCode).toBe(20)
    expect(oneLine(unsigned.stderr)).toMatch(/alice must sign .*two-people-restart.*--key-file/)
    expect((await op.cli(['approve', p.id, '--as', 'alice', '--key-file', aliceKey])).exitCode).toBe(0)
    const borrowed = await op.cli(['approve', p.id, '--as', 'bob', '--key-file', aliceKey])
    expect(borrowed.exitCode).toBe(21)
    expect(oneLine(borrowed.stderr)).toMatch(/not bob's key/)
    chmodSync(bobKey, 0o644)
    const open = await op.cli(['approve', p.id, '--as', 'bob', '--key-file', bobKey])
    expect(open.exitCode).toBe(8)
    expect(oneLine(open.stderr)).toMatch(new RegExp(`${bobKey}.*readable or writable by group or others.*chmod 600`))
    chmodSync(bobKey, 0o600)
    const bob = await op.cli(['approve', p.id, '--as', 'bob', '--key-file', bobKey])
    expect(bob.exitCode, bob.stderr).toBe(0)
    expect(op.store().proposal(p.id).status).toBe('approved')
    expect(bob.stdout).toMatch(/bob approve — OS user .* key [0-9a-f]{12}/)
  })

  it('refuses a name bound to another OS user in one line naming the rule and the fix', async () => {
    const op = createOperatorEnv()
    const file = writePolicy(op, `${TWO_OF}identities:\n  carol: { os_user: ${ME.username}-elsewhere }\n`)
    const p = awaiting(op, file)
    const r = await op.cli(['approve', p.id, '--as', 'carol'])
    expect(r.exitCode).toBe(8)
    expect(oneLine(r.stderr)).toMatch(
      new RegExp(`carol is bound to OS user ${ME.username}-elsewhere .*two-people-restart.* — .*sudo -u`),
    )
    expect(op.store().approvals(p.id)).toEqual([])
  })

  it.runIf(ME.uid === 0)('counts an approval from another uid as another person', async () => {
    const op = createOperatorEnv()
    const file = writePolicy(op, ANY_TWO)
    const p = awaiting(op, file)
    expect((await op.cli(['approve', p.id, '--as', 'alice'])).exitCode).toBe(0)
    // Let uid 65534 (nobody) open the same database.
    chmodSync(op.home, 0o777)
    for (const f of readdirSync(op.home)) if (f.startsWith('operator.db')) chmodSync(join(op.home, f), 0o666)
    const r = await execa(process.execPath, [CLI, 'approve', p.id, '--as', 'bob'], {
      env: { ...op.env, OPERATOR_TOKEN_SECRET: SECRET },
      uid: 65534,
      gid: 65534,
      reject: false,
      stdin: 'ignore',
    })
    expect(r.exitCode, String(r.stderr)).toBe(0)
    expect(op.store().proposal(p.id).status).toBe('approved')
    expect(
      op
        .store()
        .approvals(p.id)
        .map((a) => [a.actor, a.os_uid]),
    ).toEqual([
      ['alice', 0],
      ['bob', 65534],
    ])
  })
})
