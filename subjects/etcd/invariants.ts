/**
 * The instantaneous etcd invariants: pure functions of one observation. Grace
 * periods and churn, which need history, live in checker.ts.
 */
import type { Violation } from '../../src/core/subject.js'
import type { EtcdCheckerConfig, EtcdInvariant } from './checker-config.js'
import { INVARIANT_SEVERITY } from './checker-config.js'
import type { AlarmType, EtcdObservation, MemberObservation } from './observation.js'
import { isPartitioned, isUp } from './observation.js'

export function violation(
  invariant: EtcdInvariant,
  target: string | null,
  message: string,
  evidence: Record<string, unknown>,
  keyTarget = target,
): Violation {
  return {
    invariant,
    key: keyTarget === null ? invariant : `${invariant}:${keyTarget}`,
    severity: INVARIANT_SEVERITY[invariant],
    target,
    message,
    evidence,
  }
}

function memberFacts(m: MemberObservation): Record<string, unknown> {
  return m.state === 'up'
    ? {
        name: m.name,
        state: m.state,
        process: m.process,
        healthy: m.healthy,
        leader_id: m.leader_id,
        raft_term: m.raft_term,
      }
    : { name: m.name, state: m.state, process: m.process, error: m.error }
}

export function leaderExists(obs: EtcdObservation): Violation[] {
  if (obs.leader !== null) return []
  return [
    violation('leader_exists', null, 'no leader: the members agree on none', { members: obs.members.map(memberFacts) }),
  ]
}

/** Docker runtime: the container, its networks and whether it is cut off the peer network; nothing for processes. */
function containerFacts(m: MemberObservation, obs: EtcdObservation): Record<string, unknown> {
  if (m.container === undefined) return {}
  return { container: m.container, networks: m.networks ?? [], partitioned: isPartitioned(m, obs) }
}

/** The client error stays in the evidence: the message is what a person reads in a panel. */
export function membersHealthy(obs: EtcdObservation): Violation[] {
  const out: Violation[] = []
  for (const m of obs.members) {
    if (m.state === 'up' && m.healthy) continue
    const cut = isPartitioned(m, obs) ? ': cut off the peer network' : ''
    const message =
      m.state === 'up'
        ? `${m.name} answers status but fails linearizable reads${cut}`
        : `${m.name} is ${m.state} (process ${m.process})${cut}`
    const evidence =
      m.state === 'up'
        ? {
            state: m.state,
            process: m.process,
            healthy: false,
            error: m.health_error,
            client_url: m.client_url,
            ...containerFacts(m, obs),
          }
        : { state: m.state, process: m.process, error: m.error, client_url: m.client_url, ...containerFacts(m, obs) }
    out.push(violation('members_healthy', m.name, message, evidence))
  }
  return out
}

export function appliedLag(obs: EtcdObservation, config: EtcdCheckerConfig): Violation[] {
  const up = obs.members.filter(isUp)
  if (up.length === 0) return []
  const maxIndex = Math.max(...up.map((m) => m.raft_index))
  return up
    .filter((m) => maxIndex - m.raft_applied_index > config.maxAppliedLag)
    .map((m) => {
      const lag = maxIndex - m.raft_applied_index
      return violation(
        'applied_lag',
        m.name,
        `${m.name} applied index lags by ${lag} (limit ${config.maxAppliedLag})`,
        {
          raft_applied_index: m.raft_applied_index,
          max_raft_index: maxIndex,
          lag,
          max_lag: config.maxAppliedLag,
        },
      )
    })
}

export function noAlarm(obs: EtcdObservation): Violation[] {
  const byType = new Map<AlarmType, EtcdObservation['alarms']>()
  for (const a of obs.alarms) byType.set(a.alarm, [...(byType.get(a.alarm) ?? []), a])
  return [...byType].map(([type, alarms]) => {
    const names = alarms.map((a) => a.member_name ?? a.member_id)
    return violation(
      'no_alarm',
      names.join(','),
      `${type} alarm raised by ${names.join(', ')}`,
      {
        alarm: type,
        members: alarms.map((a) => ({ name: a.member_name, member_id: a.member_id })),
      },
      type,
    )
  })
}

/** Members whose db grows towards the quota; nothing once NOSPACE is raised (the alarm is the same problem, critical: one ticket). */
export function dbSize(obs: EtcdObservation, config: EtcdCheckerConfig): Violation[] {
  if (obs.alarms.some((a) => a.alarm === 'NOSPACE')) return []
  const limit = Math.floor(config.dbSizeFraction * obs.quota_bytes)
  return obs.members
    .filter(isUp)
    .filter((m) => m.db_size > limit)
    .map((m) =>
      violation(
        'db_size',
        m.name,
        `${m.name} db size ${m.db_size} B exceeds ${Math.round(config.dbSizeFraction * 100)}% of the ${obs.quota_bytes} B quota`,
        {
          db_size: m.db_size,
          db_size_in_use: m.db_size_in_use,
          quota_bytes: obs.quota_bytes,
          fraction: config.dbSizeFraction,
          limit_bytes: limit,
        },
      ),
    )
}

export function leaderPreferred(obs: EtcdObservation): Violation[] {
  if (obs.leader === null || obs.leader.name === obs.preferred) return []
  const preferred = obs.members.find((m) => m.name === obs.preferred)
  if (preferred === undefined || preferred.state !== 'up' || !preferred.healthy) return []
  return [
    violation(
      'leader_preferred',
      obs.preferred,
      `leader is ${obs.leader.name}, not the preferred ${obs.preferred}`,
      {
        leader: obs.leader.name,
        leader_id: obs.leader.member_id,
        preferred: obs.preferred,
        preferred_id: preferred.member_id,
      },
      null,
    ),
  ]
}

/** Every instantaneous invariant of one observation (all but leader_churn). */
export function evaluateAll(obs: EtcdObservation, config: EtcdCheckerConfig): Violation[] {
  return [
    ...leaderExists(obs),
    ...membersHealthy(obs),
    ...appliedLag(obs, config),
    ...noAlarm(obs),
    ...dbSize(obs, config),
    ...leaderPreferred(obs),
  ]
}
