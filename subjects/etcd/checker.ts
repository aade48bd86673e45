/**
 * The etcd invariant checker. `evaluate` is the instantaneous condition of one
 * observation; `check` follows a stream of observations (using each
 * observation's `at` as the clock) and applies grace periods, so an election
 * that completes within its grace raises nothing, and counts leader churn.
 */
import type { CheckContext, InvariantChecker, Violation } from '../../src/core/subject.js'
import type { EtcdCheckerConfig, EtcdInvariant } from './checker-config.js'
import { DEFAULT_CHECKER_CONFIG } from './checker-config.js'
import { evaluateAll, violation } from './invariants.js'
import { LeaderChurn } from './leader-churn.js'
import type { EtcdObservation } from './observation.js'

/**
 * The grace of a violation. A member whose process is gone is definitive
 * evidence: nothing (an election, a slow answer) hides behind it, so it is
 * raised at once; ambiguous evidence (timeouts, a paused member, no leader
 * while an election runs) keeps its grace.
 */
function graceOf(v: Violation, config: EtcdCheckerConfig): number {
  if (v.invariant === 'members_healthy' && v.evidence.state !== 'up' && v.evidence.process === 'exited') return 0
  // Attached: no process to see, but a port that refuses connections is as plain.
  if (
    v.invariant === 'members_healthy' &&
    v.evidence.process === 'unknown' &&
    /ECONNREFUSED/.test(String(v.evidence.error))
  )
    return 0
  const invariant = v.invariant
  const graces: Partial<Record<EtcdInvariant, number>> = {
    leader_exists: config.electionGraceMs,
    members_healthy: config.memberGraceMs,
    leader_preferred: config.preferredGraceMs,
    db_size: config.dbSizeGraceMs,
  }
  return graces[invariant as EtcdInvariant] ?? 0
}

export function createEtcdChecker(overrides: Partial<EtcdCheckerConfig> = {}): InvariantChecker<EtcdObservation> {
  const config: EtcdCheckerConfig = { ...DEFAULT_CHECKER_CONFIG, ...overrides }
  /** Violation key → `at` of the first observation in the current streak that showed it. */
  const since = new Map<string, number>()
  const churn = new LeaderChurn(config)

  function churnViolations(obs: EtcdObservation, context: CheckContext): Violation[] {
    const { counted, excluded } = churn.window(obs.at, context.operatorChanges)
    if (counted.length <= config.maxLeaderChanges) return []
    return [
      violation(
        'leader_churn',
        null,
        `${counted.length} leader changes in ${config.churnWindowMs / 1000} s (limit ${config.maxLeaderChanges})`,
        {
          changes: counted,
          excluded_operator_changes: excluded.length,
          window_ms: config.churnWindowMs,
          max_changes: config.maxLeaderChanges,
        },
      ),
    ]
  }

  return {
    evaluate: (obs) => evaluateAll(obs, config),

    check(obs, context) {
      const now = evaluateAll(obs, config)
      const present = new Set(now.map((v) => v.key))
      for (const key of [...since.keys()]) if (!present.has(key)) since.delete(key)
      const out: Violation[] = []
      for (const v of now) {
        const first = since.get(v.key) ?? obs.at
        since.set(v.key, first)
        const grace = graceOf(v, config)
        if (grace === 0) out.push(v)
        else if (obs.at - first > grace)
          out.push({ ...v, evidence: { ...v.evidence, since: first, for_ms: obs.at - first, grace_ms: grace } })
      }
      churn.record(obs.at, obs.leader?.name ?? null)
      return [...out, ...churnViolations(obs, context)]
    },
  }
}
