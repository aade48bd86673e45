/**
 * One short human line per observation, for headless output:
 * `leader=m1 term=3 | m1 up 2.1MB | m2 down | m3 up 2.0MB | alarms: none`
 * (a member cut off the peer network on the docker runtime: `m3 up unhealthy partitioned 2.0MB`).
 */
import type { EtcdObservation, MemberObservation } from './observation.js'
import { isPartitioned } from './observation.js'

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)}MB`
}

function memberPart(m: MemberObservation, obs: EtcdObservation): string {
  const cut = isPartitioned(m, obs) ? ' partitioned' : ''
  if (m.state !== 'up')
    return m.process === 'running' ? `${m.name} ${m.state}${cut}` : `${m.name} ${m.state} (${m.process})`
  return `${m.name} ${m.healthy ? 'up' : 'up unhealthy'}${cut} ${megabytes(m.db_size)}`
}

function alarmsPart(obs: EtcdObservation): string {
  if (obs.alarms.length === 0) return 'alarms: none'
  const byType = new Map<string, string[]>()
  for (const a of obs.alarms) byType.set(a.alarm, [...(byType.get(a.alarm) ?? []), a.member_name ?? a.member_id])
  return `alarms: ${[...byType].map(([type, names]) => `${type}(${names.join(',')})`).join(' ')}`
}

export function summarizeObservation(obs: EtcdObservation): string {
  const leader = obs.members.find((m) => m.name === obs.leader?.name)
  const head =
    obs.leader === null
      ? 'leader=none'
      : `leader=${obs.leader.name}${leader?.state === 'up' ? ` term=${leader.raft_term}` : ''}`
  return [head, ...obs.members.map((m) => memberPart(m, obs)), alarmsPart(obs)].join(' | ')
}
