/**
 * Polls one member: status (term, indexes, leader, db size), a linearizable
 * read for health, and the alarm list. Any failure becomes part of the
 * member's observation; this never throws.
 */
import type { Etcd3 } from 'etcd3'
import type { Clock } from '../../src/core/clock.js'
import type { MemberEndpoint } from './clients.js'
import { describeError, unreachableState } from './grpc-errors.js'
import type { AlarmType, MemberObservation, ProcessState } from './observation.js'

/** An alarm as the member reported it, before ids are mapped to names. */
export interface RawAlarm {
  member_id: string
  alarm: AlarmType
}

export interface ProbeResult {
  member: MemberObservation
  /** The alarms this member reported; null when it could not say. */
  alarms: RawAlarm[] | null
}

/** The key read to prove a member serves linearizable reads. */
export const HEALTH_KEY = 'operator/health'

const ALARM_NAMES: Record<string, AlarmType | undefined> = { Nospace: 'NOSPACE', Corrupt: 'CORRUPT' }

/** Maps etcd3's alarm enum names to the operator's; drops 'None'. */
export function toRawAlarms(alarms: readonly { memberID: string; alarm: string }[]): RawAlarm[] {
  const out: RawAlarm[] = []
  for (const a of alarms) {
    const alarm = ALARM_NAMES[a.alarm]
    if (alarm !== undefined) out.push({ member_id: String(a.memberID), alarm })
  }
  return out
}

async function readHealth(client: Etcd3): Promise<string | null> {
  try {
    await client.get(HEALTH_KEY).string()
    return null
  } catch (err) {
    return describeError(err)
  }
}

async function readAlarms(client: Etcd3): Promise<RawAlarm[] | null> {
  try {
    const res = await client.maintenance.alarm({ action: 'Get', alarm: 'None', memberID: 0 })
    return toRawAlarms(res.alarms)
  } catch {
    return null
  }
}

export async function probeMember(
  client: Etcd3,
  endpoint: MemberEndpoint,
  process: ProcessState,
  clock: Clock,
): Promise<ProbeResult> {
  const started = clock.now()
  let status: Awaited<ReturnType<Etcd3['maintenance']['status']>>
  try {
    status = await client.maintenance.status()
  } catch (err) {
    return {
      member: {
        state: unreachableState(err),
        name: endpoint.name,
        client_url: endpoint.client_url,
        error: describeError(err),
        process,
      },
      alarms: null,
    }
  }
  const latency = clock.now() - started
  const [healthError, alarms] = await Promise.all([readHealth(client), readAlarms(client)])
  const memberId = String(status.header.member_id)
  const leaderId = String(status.leader)
  return {
    member: {
      state: 'up',
      name: endpoint.name,
      member_id: memberId,
      client_url: endpoint.client_url,
      is_leader: leaderId === memberId,
      leader_id: leaderId,
      raft_term: Number(status.raftTerm),
      raft_index: Number(status.raftIndex),
      raft_applied_index: Number(status.raftAppliedIndex),
      db_size: Number(status.dbSize),
      db_size_in_use: Number(status.dbSizeInUse),
      errors: [...status.errors],
      healthy: healthError === null,
      health_error: healthError,
      latency_ms: latency,
      process,
    },
    alarms,
  }
}
