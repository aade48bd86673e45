/**
 * The Cluster panel's view of an etcd observation: one row per member with
 * role, state (partitioned: cut off the peer network, docker runtime), raft
 * term and indexes, DB size and alarms, toned by health.
 */
import type { ClusterTable } from '../../src/core/subject.js'
import { type EtcdObservation, EtcdObservationSchema, isPartitioned, type MemberObservation } from './observation.js'

const COLUMNS = ['member', 'role', 'state', 'term', 'index/applied', 'db size', 'alarms']

function mb(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`
}

function row(obs: EtcdObservation, m: MemberObservation): ClusterTable['rows'][number] {
  const alarms = obs.alarms.filter((a) => a.member_name === m.name).map((a) => a.alarm)
  if (m.state !== 'up') {
    const state =
      m.process === 'paused'
        ? 'paused'
        : m.process === 'exited'
          ? 'dead'
          : isPartitioned(m, obs)
            ? 'partitioned'
            : m.state
    return { cells: [m.name, '-', state, '-', '-', '-', alarms.join(',') || '-'], tone: 'bad' }
  }
  const role = m.is_leader ? (m.name === obs.preferred ? 'leader*' : 'leader') : 'follower'
  const partitioned = isPartitioned(m, obs)
  const tone =
    !m.healthy || partitioned || alarms.length > 0 ? 'bad' : m.db_size > obs.quota_bytes * 0.8 ? 'warn' : 'ok'
  return {
    cells: [
      m.name,
      role,
      partitioned ? 'partitioned' : m.healthy ? 'healthy' : 'unhealthy',
      String(m.raft_term),
      `${m.raft_index}/${m.raft_applied_index}`,
      mb(m.db_size),
      alarms.join(',') || '-',
    ],
    tone,
  }
}

export function etcdClusterTable(observation: unknown): ClusterTable | null {
  const parsed = EtcdObservationSchema.safeParse(observation)
  if (!parsed.success) return null
  const obs = parsed.data
  const leader = obs.leader ? `leader ${obs.leader.name}` : 'NO LEADER'
  return {
    headline: `${leader} (preferred ${obs.preferred}) · quota ${mb(obs.quota_bytes)} · poll ${obs.duration_ms} ms`,
    columns: COLUMNS,
    rows: obs.members.map((m) => row(obs, m)),
  }
}
