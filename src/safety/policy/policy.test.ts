import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { evaluatePolicy } from './evaluate-policy.js'
import { builtInPolicy, checkPolicyText } from './load-policy.js'
import { PolicyFile } from './schema.js'

const POLICY = `
roles:
  sre: [alice, bob, carol]
rules:
  - id: two-people-restart
    match: { action: restart_member }
    decision: require_approval
    min_approvals: 2
    approvers: [alice, bob]
    approval_ttl: 10m
  - id: no-compaction
    match: { action: compact_revisions }
    decision: deny
  - id: sre-for-high
    match: { risk: [high, critical] }
    decision: require_approval
    roles: [sre]
  - id: low-is-fine
    match: { risk: low }
    decision: allow
default: require_approval
`

function loaded() {
  const r = checkPolicyText(POLICY, 'test.yaml')
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.loaded
}

const facts = (action: string, risk: 'low' | 'medium' | 'high' | 'critical' = 'medium', tier: 1 | 2 | 3 = 2) => ({
  action,
  kind: 'subject' as const,
  subject: 'etcd',
  risk,
  tier,
})

describe('policy', () => {
  it('applies the first matching rule, in order', () => {
    const d = evaluatePolicy(loaded(), facts('restart_member', 'high'))
    expect(d).toMatchObject({
      rule_id: 'two-people-restart',
      decision: 'require_approval',
      min_approvals: 2,
      approvers: ['alice', 'bob'],
      approval_ttl_ms: 600_000,
    })
    expect(evaluatePolicy(loaded(), facts('defragment_member', 'high'))).toMatchObject({
      rule_id: 'sre-for-high',
      approvers: ['alice', 'bob', 'carol'],
    })
  })

  it('names its rule in every denial and falls back to the default when nothing matches', () => {
    const deny = evaluatePolicy(loaded(), facts('compact_revisions'))
    expect(deny).toMatchObject({ decision: 'deny', rule_id: 'no-compaction' })
    expect(deny.reason).toContain('no-compaction')
    expect(evaluatePolicy(loaded(), facts('transfer_leader', 'medium'))).toMatchObject({
      rule_id: 'default',
      decision: 'require_approval',
      min_approvals: 1,
    })
  })

  it('never lets tier 3 through without a person, even under allow', () => {
    const d = evaluatePolicy(loaded(), facts('run_script', 'low', 3))
    expect(d).toMatchObject({ rule_id: 'low-is-fine', decision: 'require_approval', min_approvals: 1 })
  })

  it('allows low and medium subject actions and asks a person for high ones by default', () => {
    const b = builtInPolicy()
    expect(evaluatePolicy(b, facts('restart_member', 'medium')).decision).toBe('allow')
    expect(evaluatePolicy(b, facts('remove_member', 'high'))).toMatchObject({
      decision: 'require_approval',
      min_approvals: 1,
    })
    expect(evaluatePolicy(b, { ...facts('docker_exec', 'high', 3), kind: 'docker' })).toMatchObject({
      decision: 'require_approval',
    })
  })

  it('reports unknown keys and bad values with their line, path and message', () => {
    const bad = `rules:
  - id: x
    match: { action: restart_member, colour: red }
    decision: maybe
`
    const r = checkPolicyText(bad, 'bad.yaml')
    expect(r.ok).toBe(false)
    if (r.ok) return
    const text = r.errors.map((e) => `${e.line}:${e.path}: ${e.message}`)
    expect(text.some((t) => /^3:rules\.0\.match: .*colour/.test(t))).toBe(true)
    expect(text.some((t) => /^4:rules\.0\.decision: /.test(t))).toBe(true)
  })

  it('reports duplicate rule ids, unknown roles and impossible approval counts', () => {
    const bad = `rules:
  - id: x
    decision: allow
  - id: x
    decision: require_approval
    min_approvals: 3
    approvers: [alice]
  - id: y
    decision: require_approval
    roles: [nobody]
`
    const r = checkPolicyText(bad, 'bad.yaml')
    if (r.ok) throw new Error('expected problems')
    const text = r.errors.map((e) => `${e.line}:${e.path}: ${e.message}`)
    expect(text.some((t) => /rules\.1\.min_approvals: needs 3 approvers but only 1 are allowed/.test(t))).toBe(true)
    const second = checkPolicyText(bad.replace('min_approvals: 3', 'min_approvals: 1'), 'bad.yaml')
    if (second.ok) throw new Error('expected problems')
    const more = second.errors.map((e) => `${e.line}:${e.path}: ${e.message}`)
    expect(more.some((t) => /^4:rules\.1\.id: duplicate rule id "x"/.test(t))).toBe(true)
    expect(more.some((t) => /rules\.2\.roles: unknown role "nobody"/.test(t))).toBe(true)
  })

  it('rejects approval settings on rules that do not require approval, and broken YAML', () => {
    const r = checkPolicyText('rules:\n  - id: a\n    decision: allow\n    min_approvals: 2\n', 'x.yaml')
    expect(!r.ok && r.errors[0]?.path).toBe('rules.0.min_approvals')
    const y = checkPolicyText('rules: [\n', 'y.yaml')
    expect(!y.ok && y.errors[0]?.path).toBe('(yaml)')
  })

  it('lets anyone approve a rule with min_approvals and no approvers or roles: N distinct people', () => {
    const r = checkPolicyText(
      'rules:\n  - id: any-two\n    match: { action: restart_member }\n    decision: require_approval\n    min_approvals: 2\n',
      'any.yaml',
    )
    if (!r.ok) throw new Error(JSON.stringify(r.errors))
    expect(evaluatePolicy(r.loaded, facts('restart_member'))).toMatchObject({ min_approvals: 2, approvers: null })
  })

  it('maps approvers to OS users and Ed25519 public keys, refusing keys that are not', () => {
    const key = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString()
    const pem = key.trim().split('\n').join('\n      ')
    const good = checkPolicyText(
      `identities:\n  alice: { os_user: alice }\n  bob:\n    public_key: |\n      ${pem}\nrules:\n  - id: a\n    decision: allow\n`,
      'ids.yaml',
    )
    if (!good.ok) throw new Error(JSON.stringify(good.errors))
    const d = evaluatePolicy(good.loaded, facts('restart_member'))
    expect(d.identities?.alice).toEqual({ os_user: 'alice' })
    expect(d.identities?.bob?.public_key).toMatch(/^MCowBQYDK2VwAyEA/)
    const bad = checkPolicyText(
      'identities:\n  alice: { public_key: bm90IGEga2V5 }\n  bob: {}\n  system: { os_user: root }\nrules:\n  - id: a\n    decision: allow\n',
      'bad.yaml',
    )
    if (bad.ok) throw new Error('expected problems')
    const text = bad.errors.map((e) => `${e.line}:${e.path}: ${e.message}`)
    expect(text.some((t) => /^2:identities\.alice\.public_key: not an Ed25519 public key/.test(t))).toBe(true)
    expect(text.some((t) => /^3:identities\.bob: .*os_user or public_key/.test(t))).toBe(true)
    expect(text.some((t) => /identities\.system: .*reserved/.test(t))).toBe(true)
  })

  it('reports a YAML alias bomb as a problem of the file, not a crash', () => {
    const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]']
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) {
      const prev = String.fromCharCode('a'.charCodeAt(0) + i)
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`)
    }
    const r = checkPolicyText(`${levels.join('\n')}\nrules:\n  - id: a\n    decision: allow\n`, 'bomb.yaml')
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toEqual([{ line: 2, path: '(yaml)', message: expect.stringMatching(/alias/) }])
  })

  it('keeps the published JSON Schema of the policy file in sync with the zod schema', () => {
    const published = JSON.parse(readFileSync(new URL('./policy.schema.json', import.meta.url), 'utf8')) as unknown
    expect(published).toEqual(z.toJSONSchema(PolicyFile, { io: 'input', unrepresentable: 'any' }))
  })
})
