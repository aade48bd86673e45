import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { checkReferences, type SubjectCatalogue } from './check-references.js'
import { ScenarioFile } from './schema.js'

const CATALOGUE: SubjectCatalogue = {
  subject: 'etcd',
  invariants: ['members_healthy'],
  faults: [{ name: 'kill_member', targeted: true, dockerOnly: false }],
  actions: null,
  members: ['m1', 'm2', 'm3'],
}

function scenario(actedOn: string[], safety: 'execute' | 'observe' = 'execute') {
  return ScenarioFile.parse({
    title: 'victims',
    subject: 'etcd',
    modes: { safety, approval: 'auto' },
    steady_state: { invariants: 'all' },
    method: [{ at: '0s', fault: 'kill_member', target: 'm2' }],
    expect: [{ acted_on: actedOn, within: '45s' }],
  })
}

const problems = (s: ReturnType<typeof scenario>) =>
  checkReferences(s, CATALOGUE, ['etcd']).map((p) => `${p.path.join('.')}: ${p.message} — ${p.hint}`)

describe('acted_on references', () => {
  it('accepts members of the subject', () => {
    expect(problems(scenario(['m2', 'm3']))).toEqual([])
  })

  it('names an unknown member and the known ones', () => {
    expect(problems(scenario(['m2', 'm9']))).toEqual([
      'expect.0.acted_on.1: unknown member "m9" — use one of m1, m2, m3',
    ])
  })

  it('refuses it in observe mode, where nothing is executed', () => {
    expect(problems(scenario(['m2'], 'observe'))).toEqual([
      'expect.0.acted_on: nothing is executed in observe mode — set modes.safety: execute',
    ])
  })
})

describe('a rollback action’s target', () => {
  // A subject whose action acts on some members only (apps, not Redis nodes).
  const APPS: SubjectCatalogue = {
    subject: 'ratelimiter',
    invariants: ['apps_healthy'],
    faults: [{ name: 'kill_app', targeted: true, dockerOnly: false }],
    actions: [{ name: 'restart_app_node', params: z.strictObject({ member: z.enum(['a1', 'a2']) }) }],
    members: ['r1', 'a1', 'a2'],
  }
  const rollback = (target: string) =>
    checkReferences(
      ScenarioFile.parse({
        title: 'app crash',
        subject: 'ratelimiter',
        modes: { safety: 'execute', approval: 'auto' },
        steady_state: { invariants: 'all' },
        method: [{ at: '0s', fault: 'kill_app', target: 'a1' }],
        rollbacks: [{ action: 'restart_app_node', target }],
        expect: [{ ticket: 'apps_healthy', within: '30s' }],
      }),
      APPS,
      ['ratelimiter'],
    ).map((p) => `${p.path.join('.')}: ${p.message}`)

  it('passes a role when some member fits the action, and a member the action takes', () => {
    expect(rollback('faulted')).toEqual([])
    expect(rollback('a2')).toEqual([])
  })

  it('refuses a member the action does not take', () => {
    expect(rollback('r1')).toEqual([expect.stringMatching(/^rollbacks\.0\.params\.member: restart_app_node: /)])
  })
})

describe('a fault’s target', () => {
  it('refuses a member the fault cannot land on, naming the ones it can', () => {
    const cat: SubjectCatalogue = {
      ...CATALOGUE,
      faults: [{ name: 'kill_member', targeted: true, dockerOnly: false, targets: ['m1', 'm3'] }],
    }
    const s = scenario(['m2'])
    const found = checkReferences(s, cat, ['etcd']).map((p) => `${p.path.join('.')}: ${p.message} — ${p.hint}`)
    expect(found).toContain('method.0.target: fault kill_member cannot land on m2 — use one of m1, m3')
    const m3 = { ...s, method: s.method.map((step) => ({ ...step, target: 'm3' })) }
    expect(checkReferences(m3, cat, ['etcd']).filter((p) => p.path.includes('target'))).toEqual([])
  })
})
