import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createTempStore, tempDir } from '../../test/fixtures/temp-store.js'
import { blockedProposal, writePolicy } from '../../test/golden/policy/blocked-proposal.js'
import { loadPolicy } from '../safety/policy/load-policy.js'
import { PolicyRecommendation, recommendationText, recommendPolicy } from './policy-recommend.js'

const GOLDEN = fileURLToPath(new URL('../../test/golden/policy/', import.meta.url))
const POLICY = `# team policy
roles:
  sre: [alice, bob]
rules:
  - id: sre-restarts
    match: { action: restart_member }
    decision: require_approval
    roles: [sre]
  # no maintenance while we investigate
  - id: no-maintenance
    match: { action: [compact_revisions, defragment_member] }
    decision: deny
default: require_approval
`

/** Compares with the golden file, or rewrites it with UPDATE_GOLDEN=1. */
function golden(name: string, actual: string): string {
  const path = `${GOLDEN}${name}`
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN, { recursive: true })
    writeFileSync(path, actual)
  }
  return readFileSync(path, 'utf8')
}

describe('policy recommend golden', () => {
  it('renders a denied compaction as the golden JSON and text', () => {
    const { store, clock } = createTempStore()
    const dir = tempDir()
    const policy = loadPolicy(writePolicy(dir, POLICY), {})
    const p = blockedProposal(store, policy, { action: 'compact_revisions' })
    const deps = { store, clock, home: dir, policy }
    const rec = recommendPolicy(deps, p.id, { confirmationId: () => 'PC-0000c0de' })
    const json = `${JSON.stringify(rec, null, 2).replaceAll(dir, '<dir>')}\n`
    const text = `${recommendationText(rec).replaceAll(dir, '<dir>')}\n`
    expect(json).toBe(golden('recommend.json', json))
    expect(text).toBe(golden('recommend.txt', text))
    const parsed = PolicyRecommendation.safeParse(JSON.parse(readFileSync(`${GOLDEN}recommend.json`, 'utf8')))
    expect(parsed.success).toBe(true)
  })
})
