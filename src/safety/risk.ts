/**
 * Risk of a proposal: the action's base risk, raised one level per factor its
 * params carry (targets the leader, removes capacity while another member is
 * down, …), and a session risk score over a sliding window of what the
 * operator recently did. The score raises the approvals needed, or denies.
 */
import type { AuditEvent, RiskAssessment } from '../core/records.js'
import type { Risk } from '../core/subject.js'

const LEVELS: Risk[] = ['low', 'medium', 'high', 'critical']
const WEIGHT: Record<Risk, number> = { low: 5, medium: 10, high: 20, critical: 30 }

export interface RiskSettings {
  windowMs: number
  /** A repeat of the same action and params within this is "rapid". */
  repeatMs: number
  /** At or above: one more approval. */
  raiseAt: number
  /** At or above: denied. */
  denyAt: number
}

export const DEFAULT_RISK_SETTINGS: RiskSettings = {
  windowMs: 10 * 60_000,
  repeatMs: 2 * 60_000,
  raiseAt: 50,
  denyAt: 90,
}

/** Sequences that are riskier together than apart: a restart followed by running code in the same place. */
const RISKY_SEQUENCES: [string, RegExp][] = [
  ['restart_member', /^(docker_exec|run_script)$/],
  ['docker_restart', /^(docker_exec|run_script)$/],
  ['compact_revisions', /^compact_revisions$/],
]

export interface Executed {
  at: number
  action: string
  params: string
  risk: Risk
}

/** The executions of the window, from `proposal.executing` events. */
export function executedFromEvents(events: readonly AuditEvent[]): Executed[] {
  return events
    .filter((e) => e.type === 'proposal.executing')
    .map((e) => ({
      at: e.ts,
      action: String(e.payload.action ?? ''),
      params: JSON.stringify(e.payload.params ?? null),
      risk: (e.payload.risk as Risk | undefined) ?? 'medium',
    }))
}

export function assessRisk(
  input: {
    base: Risk
    action: string
    params: Record<string, unknown>
    paramFactors: string[]
    recent: Executed[]
    now: number
  },
  s: RiskSettings = DEFAULT_RISK_SETTINGS,
): RiskAssessment {
  const recent = input.recent.filter((e) => input.now - e.at <= s.windowMs)
  const factors: string[] = []
  let score = 0
  for (const e of recent) score += WEIGHT[e.risk]
  if (recent.length > 0)
    factors.push(`${recent.length} execution(s) in the last ${Math.round(s.windowMs / 60_000)} min`)
  const params = JSON.stringify(input.params)
  const repeats = recent.filter(
    (e) => e.action === input.action && e.params === params && input.now - e.at <= s.repeatMs,
  ).length
  if (repeats > 0) {
    score += 25 * repeats
    factors.push(
      `${input.action} with the same params ran ${repeats} time(s) in the last ${Math.round(s.repeatMs / 1000)} s`,
    )
  }
  for (const [first, then] of RISKY_SEQUENCES) {
    if (then.test(input.action) && recent.some((e) => e.action === first)) {
      score += 30
      factors.push(`${input.action} right after ${first}`)
    }
  }
  score = Math.min(100, score)
  const raised = Math.min(LEVELS.length - 1, LEVELS.indexOf(input.base) + input.paramFactors.length)
  return {
    base: input.base,
    effective: LEVELS[raised] ?? input.base,
    param_factors: input.paramFactors,
    session_score: score,
    session_factors: factors,
    extra_approvals: score >= s.raiseAt ? 1 : 0,
    deny: score >= s.denyAt,
  }
}
