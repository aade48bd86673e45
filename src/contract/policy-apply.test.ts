import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { approverKeys, identitiesYaml } from '../../test/fixtures/approver-keys.js'
import { createTempStore, tempDir } from '../../test/fixtures/temp-store.js'
import { blockedProposal, writePolicy } from '../../test/golden/policy/blocked-proposal.js'
import { builtInPolicy, loadPolicy } from '../safety/policy/load-policy.js'
import { applyPolicy, PolicyApplied } from './policy-apply.js'
import { applyUnifiedDiff } from './policy-diff.js'
import { recommendPolicy } from './policy-recommend.js'

const ME = { uid: 1000, name: 'alice' }
const POLICY = `identities:
  carol: { os_user: carol }
rules:
  - id: no-maintenance
    match: { action: [compact_revisions, defragment_member] }
    decision: deny
`

function recommended(text: string | null = POLICY) {
  const { store, clock } = createTempStore()
  const dir = tempDir()
  const file = text === null ? null : writePolicy(dir, text)
  const policy = file === null ? builtInPolicy() : loadPolicy(file, {})
  const deps = { store, clock, home: dir, policy }
  const p = blockedProposal(store, policy, { action: text === null ? 'docker_stop' : 'compact_revisions' })
  return { store, dir, file: file ?? '', deps, p, rec: recommendPolicy(deps, p.id) }
}

describe('operator policy apply', () => {
  it('writes the patched policy, keeps a backup and records who applied it', () => {
    const { store, dir, file, deps, rec } = recommended()
    const applied = applyPolicy(deps, rec.confirmation_id, 'alice', { os: ME })
    expect(PolicyApplied.parse(applied)).toEqual(applied)
    expect(readFileSync(file, 'utf8')).toBe(applyUnifiedDiff(POLICY, rec.patch.diff))
    expect(applied.backup).toMatch(/policy\.yaml\.bak-\d{8}T\d{6}\.\d{3}Z$/)
    expect(readFileSync(applied.backup ?? '', 'utf8')).toBe(POLICY)
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([])
    expect(loadPolicy(file, {}).digest).toBe(rec.patch.digest_after)
    const [event] = store.events({ types: ['policy.applied'] })
    expect(event).toMatchObject({ seq: applied.audit_seq, actor: 'alice' })
    expect(event?.payload).toMatchObject({
      confirmation_id: rec.confirmation_id,
      applied_by: 'alice',
      os_user: 'alice',
      backup: applied.backup,
      text_digest_before: rec.policy.text_digest,
      text_digest_after: rec.patch.text_digest_after,
    })
  })

  it('refuses a file that changed since the recommendation, and one applied already', () => {
    const { file, deps, rec } = recommended()
    writeFileSync(file, `${POLICY}# edited\n`)
    expect(() => applyPolicy(deps, rec.confirmation_id, 'alice', { os: ME })).toThrow(
      expect.objectContaining({ category: 'conflict', message: expect.stringMatching(/changed since recommendation/) }),
    )
    writeFileSync(file, POLICY)
    applyPolicy(deps, rec.confirmation_id, 'alice', { os: ME })
    expect(() => applyPolicy(deps, rec.confirmation_id, 'bob', { os: ME })).toThrow(/was already applied/)
  })

  it('refuses the system, agents and the proposal creator: only a person applies it', () => {
    const { store, file, deps, p, rec } = recommended()
    store.registerAgent({ id: 'remediator', pid: 1, subject: 'etcd', runId: 'run-1' })
    for (const name of ['system', 'remediator', p.created_by, 'agent-42-beef'])
      expect(() => applyPolicy(deps, rec.confirmation_id, name, { os: ME })).toThrow(
        expect.objectContaining({ category: 'safety' }),
      )
    expect(readFileSync(file, 'utf8')).toBe(POLICY)
    expect(store.events({ types: ['policy.applied'] })).toHaveLength(0)
  })

  it('checks a name the policy binds to an OS user, as approvals do', () => {
    const { deps, rec } = recommended()
    expect(() => applyPolicy(deps, rec.confirmation_id, 'carol', { os: ME })).toThrow(/bound to OS user carol/)
    expect(applyPolicy(deps, rec.confirmation_id, 'carol', { os: { uid: 1001, name: 'carol' } }).applied_by).toBe(
      'carol',
    )
  })

  it('needs the key of a name the policy binds to a key', () => {
    const { dave, erin } = approverKeys('dave', 'erin')
    const { deps, rec } = recommended(`${identitiesYaml([dave])}${POLICY.replace('identities:\n', '')}`)
    expect(() => applyPolicy(deps, rec.confirmation_id, 'dave', { os: ME })).toThrow(/must confirm with their key/)
    const wrong = { os: ME, key: erin.privateKey }
    expect(() => applyPolicy(deps, rec.confirmation_id, 'dave', wrong)).toThrow(/is not dave's key/)
    const applied = applyPolicy(deps, rec.confirmation_id, 'dave', { os: ME, key: dave.privateKey })
    expect(applied.key_fingerprint).toMatch(/^[0-9a-f]{64}$/)
  })

  it('writes a patch of the built-in policy only to a new file given with --policy', () => {
    const { dir, deps, rec } = recommended(null)
    expect(() => applyPolicy(deps, rec.confirmation_id, 'alice', { os: ME })).toThrow(
      expect.objectContaining({ category: 'usage', fix: expect.stringMatching(/^give --policy NEW_FILE/) }),
    )
    const taken = writePolicy(dir, POLICY, 'taken.yaml')
    expect(() => applyPolicy(deps, rec.confirmation_id, 'alice', { os: ME, policyFile: taken })).toThrow(/exists/)
    const fresh = join(dir, 'new.yaml')
    const applied = applyPolicy(deps, rec.confirmation_id, 'alice', { os: ME, policyFile: fresh })
    expect(applied).toMatchObject({ policy_file: fresh, backup: null })
    expect(existsSync(fresh)).toBe(true)
    expect(loadPolicy(fresh, {}).policy.rules[rec.patch.rule_position - 1]).toMatchObject({
      id: rec.patch.rule_id,
      decision: 'allow',
    })
  })

  it('says which confirmation id it does not know', () => {
    const { deps } = recommended()
    expect(() => applyPolicy(deps, 'PC-12345678', 'alice', { os: ME })).toThrow(
      expect.objectContaining({ category: 'not_found', message: 'no policy recommendation PC-12345678' }),
    )
  })
})
