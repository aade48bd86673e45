/**
 * The risk a policy is matched on, and why: the proposal's effective risk
 * (its action's base risk raised by the subject's parameter factors — acting
 * on the leader, removing capacity while another member is down). At the
 * execution gate it is the risk recorded at validation, never anything lower.
 * The session score is not part of it: it keeps its own thresholds.
 */
import type { Proposal, RiskAssessment } from '../../core/records.js'
import type { Risk } from '../../core/subject.js'

/** A risk to match rules on, with the line that says where it comes from. */
export interface PolicyRisk {
  risk: Risk
  /** e.g. `base medium raised by: targets the leader m1`. */
  basis: string
}

const LEVELS: readonly Risk[] = ['low', 'medium', 'high', 'critical']

/** The higher of two risks. */
export function higherRisk(a: Risk, b: Risk): Risk {
  return LEVELS.indexOf(a) >= LEVELS.indexOf(b) ? a : b
}

/** `base medium raised by: targets the leader m1`, or `base medium, no parameter factors`. */
export function riskBasis(base: Risk, factors: readonly string[]): string {
  return factors.length > 0 ? `base ${base} raised by: ${factors.join('; ')}` : `base ${base}, no parameter factors`
}

/** What validation matches the policy on: the assessment's effective risk. */
export function validationRisk(a: Pick<RiskAssessment, 'base' | 'effective' | 'param_factors'>): PolicyRisk {
  return { risk: a.effective, basis: riskBasis(a.base, a.param_factors) }
}

/**
 * What the execution gate matches the policy on: the risk recorded at
 * validation — the effective risk, and the risk the recorded decision was
 * matched on — whichever is highest, never below the action's own risk.
 */
export function recordedRisk(p: Pick<Proposal, 'risk' | 'risk_assessment' | 'policy'>): PolicyRisk {
  const a = p.risk_assessment
  let found: PolicyRisk = a
    ? { risk: higherRisk(a.effective, p.risk), basis: riskBasis(a.base, a.param_factors) }
    : { risk: p.risk, basis: `base ${p.risk}, no risk assessment recorded` }
  const matched = p.policy?.matched_risk
  if (matched && higherRisk(matched, found.risk) !== found.risk)
    found = { risk: matched, basis: p.policy?.risk_basis ?? `matched on ${matched} at validation` }
  return found
}
