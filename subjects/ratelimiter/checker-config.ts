/**
 * Thresholds and grace periods of the ratelimiter invariants, with their
 * defaults, and the invariants' severities in display order.
 */

/** Every knob of the ratelimiter checker; all times in ms. */
export interface RatelimiterCheckerConfig {
  /** No agreed, reachable primary is raised only once it has lasted longer than this (Sentinel's failover runs within it). */
  primaryGraceMs: number
  /** A Redis node not running or not answering is raised once it has lasted longer than this. */
  nodeGraceMs: number
  /** A replica with its link down, too far behind, or a second master, once it has lasted longer than this (a resync). */
  replicaGraceMs: number
  /** Largest tolerated replication lag, in bytes of the primary's offset. */
  maxLagBytes: number
  sentinelGraceMs: number
  /** An app connected elsewhere than the agreed primary, once it has lasted longer than this (ioredis follows a failover). */
  appsOnPrimaryGraceMs: number
  appGraceMs: number
  /** Requests served by the insurance path for longer than this. */
  insuranceGraceMs: number
  /** A share of an app's answers since the previous observation above this is the insurance path at work. */
  maxInsuranceShare: number
  /** used_memory above this fraction of maxmemory: counters are about to be evicted. */
  memoryFraction: number
  /** An over-limit window counts as recent until this long after its end (the truth's 2 s settle, then 3 s)… */
  limitRecentMs: number
  /** …and recent over-limit windows are raised once they have been seen for longer than this: a failover's blip of a window or two, over as it began, pages nobody. */
  limitGraceMs: number
  /**
   * Over-limit windows that ended while the shared count was disturbed (no
   * agreed primary, apps away from it or on their insurance limiter, counters
   * evicted or immortal), or within this long after, are that disturbance's:
   * raised while it lasts (and linked to it), not once it is over.
   */
  limitAftermathMs: number
  /** Limiter latency p99 above this (ms)… */
  maxP99Ms: number
  /** …for longer than this. */
  latencyGraceMs: number
}

export const DEFAULT_CHECKER_CONFIG: Readonly<RatelimiterCheckerConfig> = {
  primaryGraceMs: 3000,
  nodeGraceMs: 1000,
  replicaGraceMs: 5000,
  maxLagBytes: 1_048_576,
  sentinelGraceMs: 1000,
  appsOnPrimaryGraceMs: 5000,
  appGraceMs: 1000,
  insuranceGraceMs: 3000,
  maxInsuranceShare: 0,
  memoryFraction: 0.9,
  limitRecentMs: 5000,
  limitGraceMs: 3000,
  limitAftermathMs: 2000,
  maxP99Ms: 50,
  latencyGraceMs: 5000,
}

/** The ratelimiter invariants and their severities, in display order. */
export const INVARIANT_SEVERITY = {
  limit_holds: 'critical',
  primary_agreed: 'critical',
  redis_nodes_up: 'critical',
  replica_links: 'warning',
  sentinels_up: 'warning',
  apps_on_primary: 'critical',
  apps_healthy: 'critical',
  insurance_path: 'warning',
  no_evictions: 'critical',
  keys_have_ttl: 'critical',
  limiter_latency: 'warning',
} as const

export type RatelimiterInvariant = keyof typeof INVARIANT_SEVERITY

/** Invariants of one process each, whose evidence is definitive when that process is gone. */
const PER_PROCESS = new Set<string>(['redis_nodes_up', 'sentinels_up', 'apps_healthy'])

/**
 * The grace of a violation; 0: raised at once. A Redis node, Sentinel or app
 * whose process is gone is definitive evidence and needs none; ambiguous
 * evidence (no answer, a paused process, a failover in progress) keeps its.
 */
export function graceOf(
  v: { invariant: string; evidence: Record<string, unknown> },
  config: RatelimiterCheckerConfig,
): number {
  if (PER_PROCESS.has(v.invariant) && v.evidence.process === 'exited') return 0
  const invariant = v.invariant
  const graces: Partial<Record<RatelimiterInvariant, number>> = {
    limit_holds: config.limitGraceMs,
    primary_agreed: config.primaryGraceMs,
    redis_nodes_up: config.nodeGraceMs,
    replica_links: config.replicaGraceMs,
    sentinels_up: config.sentinelGraceMs,
    apps_on_primary: config.appsOnPrimaryGraceMs,
    apps_healthy: config.appGraceMs,
    insurance_path: config.insuranceGraceMs,
    limiter_latency: config.latencyGraceMs,
  }
  return graces[invariant as RatelimiterInvariant] ?? 0
}
