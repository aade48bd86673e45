import { describe, expect, it } from 'vitest'
import { evaluatePolicy } from '../safety/policy/evaluate-policy.js'
import { builtInPolicy } from '../safety/policy/load-policy.js'
import { explainRisk } from './policy-explain.js'
import { describeMatchedRisk } from './proposal-view.js'

describe('policy explain and proposal view: the matched risk', () => {
  it('raises the base one level per factor, as validation does, or takes --risk as given', () => {
    expect(explainRisk('medium', 'restart_member', { factor: ['targets the leader m1'] })).toEqual({
      base: 'medium',
      factors: ['targets the leader m1'],
      override: null,
      matched: 'high',
      basis: 'base medium raised by: targets the leader m1',
    })
    expect(explainRisk('medium', 'restart_member', { factor: [] })).toMatchObject({
      matched: 'medium',
      basis: 'base medium, no parameter factors',
    })
    expect(explainRisk('medium', 'restart_member', { factor: [], risk: 'low' })).toMatchObject({
      matched: 'low',
      override: 'low',
      basis: '--risk low given (base medium)',
    })
  })

  it('shows which risk the recorded rule was matched on', () => {
    const facts = { action: 'restart_member', kind: 'subject', subject: 'etcd', tier: 2 } as const
    const policy = evaluatePolicy(builtInPolicy(), {
      ...facts,
      risk: 'high',
      risk_basis: 'base medium raised by: targets the leader m1',
    })
    expect(describeMatchedRisk({ policy })).toBe('risk high — base medium raised by: targets the leader m1')
    const { matched_risk: _m, risk_basis: _b, ...older } = policy
    expect(describeMatchedRisk({ policy: older })).toMatch(/not recorded/)
    expect(describeMatchedRisk({ policy: null })).toBeNull()
  })
})
