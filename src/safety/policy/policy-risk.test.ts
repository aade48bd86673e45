import { describe, expect, it } from 'vitest'
import type { Proposal, RiskAssessment } from '../../core/records.js'
import { evaluatePolicy } from './evaluate-policy.js'
import { builtInPolicy } from './load-policy.js'
import { higherRisk, recordedRisk, riskBasis, validationRisk } from './policy-risk.js'

const assessment = (base: RiskAssessment['base'], effective: RiskAssessment['effective'], factors: string[]) => ({
  base,
  effective,
  param_factors: factors,
  session_score: 0,
  session_factors: [],
  extra_approvals: 0,
  deny: false,
})

describe('the risk a policy is matched on', () => {
  it('is the effective risk at validation, with the factors that raised it', () => {
    expect(validationRisk(assessment('medium', 'high', ['targets the leader m1']))).toEqual({
      risk: 'high',
      basis: 'base medium raised by: targets the leader m1',
    })
    expect(riskBasis('low', [])).toBe('base low, no parameter factors')
    expect(higherRisk('medium', 'critical')).toBe('critical')
  })

  it('is at the gate the highest risk recorded at validation, never the lower base', () => {
    const p: Pick<Proposal, 'risk' | 'risk_assessment' | 'policy'> = {
      risk: 'medium',
      risk_assessment: assessment('medium', 'high', ['targets the leader m1']),
      policy: null,
    }
    expect(recordedRisk(p).risk).toBe('high')
    const matchedCritical = evaluatePolicy(builtInPolicy(), {
      action: 'restart_member',
      kind: 'subject',
      subject: 'etcd',
      risk: 'critical',
      tier: 2,
      risk_basis: 'base medium raised by: targets the leader m1; removes capacity while m3 is down',
    })
    expect(recordedRisk({ ...p, policy: matchedCritical })).toEqual({
      risk: 'critical',
      basis: 'base medium raised by: targets the leader m1; removes capacity while m3 is down',
    })
    expect(recordedRisk({ risk: 'medium', risk_assessment: null, policy: null })).toEqual({
      risk: 'medium',
      basis: 'base medium, no risk assessment recorded',
    })
  })
})
