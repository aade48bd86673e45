import { describe, expect, it } from 'vitest'
import { explainPolicy } from '../../../src/contract/policy-explain.js'
import { actionCatalogue, subjectModule } from '../../../src/registry/subjects.js'
import { builtInPolicy } from '../../../src/safety/policy/load-policy.js'
import { staticCatalogues } from '../../../src/scenario/catalogue.js'
import { checkScenarioText } from '../../../src/scenario/check-text.js'
import { MAXMEMORY_CEILING_BYTES } from '../defaults.js'
import { RATELIMITER_ACTION_CATALOGUE } from './catalogue.js'

const spec = (name: string) => {
  const found = RATELIMITER_ACTION_CATALOGUE.find((a) => a.name === name)
  if (found === undefined) throw new Error(`no action ${name}`)
  return found
}
const accepts = (name: string, params: unknown) => spec(name).params.safeParse(params).success

describe('ratelimiter action catalogue', () => {
  it('declares each action with its kind, risk and tier, as data', () => {
    const entries = RATELIMITER_ACTION_CATALOGUE.map((a) => `${a.name} ${a.kind} ${a.risk} ${a.tier}`)
    expect(entries).toEqual([
      'sentinel_failover subject high 2',
      'restart_redis_node subject medium 2',
      'replicaof subject medium 2',
      'set_maxmemory subject medium 2',
      'restore_ttl subject low 1',
      'restart_app_node subject medium 2',
      'reset_counter subject medium 2',
    ])
    for (const a of RATELIMITER_ACTION_CATALOGUE) expect(a).not.toHaveProperty('run')
  })

  it('takes members of the right kind only, by the name every subject uses (member)', () => {
    expect(accepts('restart_redis_node', { member: 'r2' })).toBe(true)
    expect(accepts('restart_redis_node', { member: 's3' })).toBe(true)
    expect(accepts('restart_redis_node', { member: 'a1' })).toBe(false)
    expect(accepts('restart_redis_node', { member: 'r2', until: 'running' })).toBe(false)
    expect(accepts('replicaof', { member: 'r3' })).toBe(true)
    expect(accepts('replicaof', { member: 's1' })).toBe(false)
    expect(accepts('restart_app_node', { member: 'a2' })).toBe(true)
    expect(accepts('restart_app_node', { member: 'r1' })).toBe(false)
    expect(accepts('sentinel_failover', {})).toBe(true)
    expect(accepts('sentinel_failover', { member: 'r1' })).toBe(false)
  })

  it('bounds maxmemory between 1 MiB and the ceiling, in whole bytes', () => {
    expect(accepts('set_maxmemory', { member: 'r1', bytes: 64 * 1024 * 1024 })).toBe(true)
    expect(accepts('set_maxmemory', { member: 'r1', bytes: MAXMEMORY_CEILING_BYTES })).toBe(true)
    expect(accepts('set_maxmemory', { member: 'r1', bytes: MAXMEMORY_CEILING_BYTES + 1 })).toBe(false)
    expect(accepts('set_maxmemory', { member: 'r1', bytes: 1000 })).toBe(false)
    expect(accepts('set_maxmemory', { member: 'r1', bytes: 2.5 * 1024 * 1024 + 0.5 })).toBe(false)
    expect(accepts('set_maxmemory', { member: 'r1' })).toBe(false)
  })

  it('lets restore_ttl default its member and TTL, and bounds the TTL', () => {
    expect(accepts('restore_ttl', {})).toBe(true)
    expect(accepts('restore_ttl', { member: 'r2', ttl_ms: 500 })).toBe(true)
    expect(accepts('restore_ttl', { ttl_ms: 0 })).toBe(false)
    expect(accepts('restore_ttl', { ttl_ms: 3_600_001 })).toBe(false)
  })

  it('takes one plain limiter key for reset_counter, never a pattern', () => {
    expect(accepts('reset_counter', { key: 'k17' })).toBe(true)
    expect(accepts('reset_counter', { key: 'rl:k17' })).toBe(true)
    expect(accepts('reset_counter', { key: 'rl:*' })).toBe(false)
    expect(accepts('reset_counter', { key: 'k 1' })).toBe(false)
    expect(accepts('reset_counter', { key: '' })).toBe(false)
  })
})

describe('the ratelimiter subject without a cluster', () => {
  it('is registered, with its own actions first and then the generic ones', () => {
    expect(subjectModule('ratelimiter').name).toBe('ratelimiter')
    const names = actionCatalogue('ratelimiter').map((a) => a.name)
    expect(names.slice(0, 7)).toEqual(RATELIMITER_ACTION_CATALOGUE.map((a) => a.name))
    expect(names).toContain('run_script')
  })

  it('policy explain knows its actions: the built-in policy wants a person for a failover, allows a restore', () => {
    const policy = builtInPolicy()
    const failover = explainPolicy(policy, { subject: 'ratelimiter', action: 'sentinel_failover', factor: [] })
    expect(failover.action).toMatchObject({ kind: 'subject', risk: 'high', tier: 2 })
    expect(failover.decision.decision).toBe('require_approval')
    const restore = explainPolicy(policy, { subject: 'ratelimiter', action: 'restore_ttl', factor: [] })
    expect(restore.decision.decision).toBe('allow')
    const onPrimary = { subject: 'ratelimiter', action: 'restart_redis_node', factor: ['acts on the primary r1'] }
    expect(explainPolicy(policy, onPrimary).risk.matched).toBe('high')
    expect(() => explainPolicy(policy, { subject: 'ratelimiter', action: 'restart_member', factor: [] })).toThrow(
      /unknown action "restart_member" for ratelimiter/,
    )
  })

  it('scenario validate knows its faults, actions and invariants', () => {
    const text = `title: primary crash
subject: ratelimiter
modes: { safety: execute, approval: auto }
steady_state: { invariants: all }
method:
  - { at: 0s, fault: kill_primary }
  - { at: 5s, fault: break_replica_link, target: follower }
expect:
  - { ticket: redis_nodes_up, within: 30s }
  - { action_executed: restart_redis_node, within: 45s }
rollbacks:
  - { action: restart_redis_node, target: faulted }
  - { fault: heal_replica_link, target: r3 }
`
    const ok = checkScenarioText(text, 'rl.yaml', staticCatalogues)
    expect(ok.ok ? [] : ok.problems.map((p) => p.message)).toEqual([])
    const bad = checkScenarioText(text.replace('kill_primary', 'kill_member'), 'rl.yaml', staticCatalogues)
    expect(bad.ok ? [] : bad.problems.map((p) => p.message)).toEqual([expect.stringMatching(/kill_member/)])
  })
})
