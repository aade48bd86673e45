/**
 * The ratelimiter playbook: for each violation, remediation candidates
 * ranked best first. Pure: it reads the violation and the observation. A
 * primary that does not serve is failed over first (and the old one
 * restarted to rejoin as a replica); a node, Sentinel or app that is down is
 * restarted; a broken replica link re-pointed; evictions met with more
 * memory (within the ceiling); TTL-less counters given a TTL. Roots and
 * consequences are triage.ts; advice for a person is advice.ts.
 */
import type { Candidate, Playbook, Violation } from '../../src/core/subject.js'
import { ratelimiterAdvice } from './advice.js'
import { primaryAgreed } from './invariants.js'
import { appsOnPrimary } from './invariants-apps.js'
import { keysHaveTtl } from './invariants-memory.js'
import type { RatelimiterObservation } from './observation.js'
import { downWhy, noEvictions, plan, primaryCandidates, replicaLinks, restartRedis, step } from './playbook-redis.js'
import { ratelimiterTriage } from './triage.js'

type Obs = RatelimiterObservation

const restartApp = (name: string, why: string, evidence: Record<string, unknown>, score: number) =>
  plan([step('restart_app_node', { member: name })], why, evidence, score)

function appCandidates(v: Violation, obs: Obs, score: number, fix: string): Candidate[] {
  const a = obs.apps.find((x) => x.name === v.target)
  if (a === undefined) return []
  const why = a.process === 'running' ? v.message : downWhy(a.name, a.process, false)
  return [restartApp(a.name, `${why}: ${fix}`, v.evidence, score)]
}

/**
 * The limit is broken: the plan of its cause when the observation shows one.
 * Nothing else: the windows that admitted too much are past, and resetting a
 * counter admits more, never less — with no cause in sight a person decides.
 */
function limitHolds(obs: Obs): Candidate[] {
  const causes = [...primaryAgreed(obs), ...keysHaveTtl(obs), ...appsOnPrimary(obs)]
  return causes
    .flatMap((c) => candidatesOf(c, obs))
    .map((c) => ({ ...c, score: c.score - 5 }))
    .sort((a, b) => b.score - a.score)
}

function candidatesOf(v: Violation, obs: Obs): Candidate[] {
  switch (v.invariant) {
    case 'primary_agreed':
      return primaryCandidates(obs)
    case 'redis_nodes_up':
    case 'sentinels_up': {
      const n = obs.redis.find((x) => x.name === v.target)
      if (n !== undefined) return [restartRedis(n, obs, 80)]
      const s = obs.sentinels.find((x) => x.name === v.target)
      if (s === undefined) return []
      const why = `Sentinel ${downWhy(s.name, s.process, s.reachable)}: restart it`
      return [plan([step('restart_redis_node', { member: s.name })], why, v.evidence, 80)]
    }
    case 'replica_links':
      return replicaLinks(v, obs)
    case 'no_evictions':
      return noEvictions(v, obs)
    case 'keys_have_ttl':
      return [plan([step('restore_ttl', {})], `${v.message}: give them a TTL of one window`, v.evidence, 90)]
    case 'apps_healthy':
      return appCandidates(v, obs, 80, 'restart it')
    case 'apps_on_primary':
      return appCandidates(v, obs, 70, `restart it so it connects to ${obs.primary} through the Sentinels`)
    case 'insurance_path':
      return appCandidates(v, obs, 40, 'its Redis connection does not serve; restart it to reconnect')
    case 'limit_holds':
      return limitHolds(obs)
    default:
      return []
  }
}

export const ratelimiterPlaybook: Playbook<Obs> = {
  triage: ratelimiterTriage,
  candidates: candidatesOf,
  advise: ratelimiterAdvice,
}
