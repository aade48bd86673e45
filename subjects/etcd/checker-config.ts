/**
 * Thresholds and grace periods of the etcd invariants, with their defaults.
 */

/** Every knob of the etcd checker; all times in ms. */
export interface EtcdCheckerConfig {
  /** No leader is raised only once it has lasted longer than this (an election completes within it). */
  electionGraceMs: number
  /** A member not up or not healthy is raised only once it has lasted longer than this. */
  memberGraceMs: number
  /** More leader changes than this within churnWindowMs is churn. */
  maxLeaderChanges: number
  churnWindowMs: number
  /** Leader changes this close to an operator change (action or fault) are not churn. */
  operatorChangeGraceMs: number
  /** Largest tolerated gap between the highest raft index and a member's applied index. */
  maxAppliedLag: number
  /** A member's db size above this fraction of the quota is raised… */
  dbSizeFraction: number
  /** …once it has lasted longer than this (a burst that runs into the NOSPACE alarm within it is the alarm's ticket). */
  dbSizeGraceMs: number
  /**
   * A leader off the preferred member is raised only once it has lasted
   * longer than this: long enough for an election to settle (it completes in
   * about a second here), short enough that a restarted preferred member leads
   * again within a few seconds of its crash.
   */
  preferredGraceMs: number
}

export const DEFAULT_CHECKER_CONFIG: Readonly<EtcdCheckerConfig> = {
  electionGraceMs: 3000,
  memberGraceMs: 1000,
  maxLeaderChanges: 3,
  churnWindowMs: 60_000,
  operatorChangeGraceMs: 15_000,
  maxAppliedLag: 1000,
  dbSizeFraction: 0.8,
  dbSizeGraceMs: 5000,
  preferredGraceMs: 1000,
}

/** The etcd invariants and their severities. */
export const INVARIANT_SEVERITY = {
  leader_exists: 'critical',
  members_healthy: 'critical',
  leader_churn: 'warning',
  applied_lag: 'warning',
  no_alarm: 'critical',
  db_size: 'warning',
  leader_preferred: 'warning',
} as const

export type EtcdInvariant = keyof typeof INVARIANT_SEVERITY
