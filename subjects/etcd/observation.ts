/**
 * The etcd observation: one poll of every member plus what the cluster agrees
 * on. A dead or paused member is an observation, not an error, so each member
 * is a union on `state` saying which fields exist.
 */
import { z } from 'zod'

/** The member's process as the runtime sees it: in /proc, or the container's state on the engine. */
/** `unknown`: an attached cluster, whose processes Operator cannot see. */
export const ProcessStateSchema = z.enum(['running', 'paused', 'exited', 'unknown'])

/** Docker runtime only: what the engine says of the member's container. */
const RuntimeFields = {
  /** The member's container. */
  container: z.string().optional(),
  /** The networks the container is attached to, sorted. */
  networks: z.array(z.string()).optional(),
}

/** A member that answered its status call. */
export const UpMemberSchema = z.object({
  state: z.literal('up'),
  name: z.string(),
  /** uint64 member id, as a decimal string. */
  member_id: z.string(),
  client_url: z.string(),
  is_leader: z.boolean(),
  /** The leader this member believes in; '0' when it knows none. */
  leader_id: z.string(),
  raft_term: z.number(),
  raft_index: z.number(),
  raft_applied_index: z.number(),
  /** Backend size physically allocated, bytes. */
  db_size: z.number(),
  /** Backend size logically in use, bytes. */
  db_size_in_use: z.number(),
  /** Alarm and health notes etcd attaches to its status. */
  errors: z.array(z.string()),
  /** A linearizable read through this member succeeded within the deadline. */
  healthy: z.boolean(),
  /** Why the linearizable read failed; null when healthy. */
  health_error: z.string().nullable(),
  /** Round trip of the status call. */
  latency_ms: z.number(),
  process: ProcessStateSchema,
  ...RuntimeFields,
})

/** A member that could not be reached: refused or unavailable (down), or no answer before the deadline (unresponsive). */
export const UnreachableMemberSchema = z.object({
  state: z.enum(['down', 'unresponsive']),
  name: z.string(),
  client_url: z.string(),
  error: z.string(),
  process: ProcessStateSchema,
  ...RuntimeFields,
})

export const MemberObservationSchema = z.discriminatedUnion('state', [UpMemberSchema, UnreachableMemberSchema])

export const AlarmTypeSchema = z.enum(['NOSPACE', 'CORRUPT'])

/** One raised alarm: which member raised it. */
export const AlarmSchema = z.object({
  member_id: z.string(),
  /** Null when the id matches no member of this run. */
  member_name: z.string().nullable(),
  alarm: AlarmTypeSchema,
})

export const EtcdObservationSchema = z.object({
  subject: z.literal('etcd'),
  run_id: z.string(),
  at: z.number(),
  duration_ms: z.number(),
  /** The leader the up members agree on (highest term, majority), or null. */
  leader: z.object({ name: z.string(), member_id: z.string() }).nullable(),
  alarms: z.array(AlarmSchema),
  quota_bytes: z.number(),
  /** The member the leader should sit on. */
  preferred: z.string(),
  /** Every member, in m1..m3 order. */
  members: z.array(MemberObservationSchema),
  /** Docker runtime only: the network that carries peer traffic; a running member not on it is partitioned. */
  peer_network: z.string().optional(),
})

export type ProcessState = z.infer<typeof ProcessStateSchema>
export type UpMember = z.infer<typeof UpMemberSchema>
export type UnreachableMember = z.infer<typeof UnreachableMemberSchema>
export type MemberObservation = z.infer<typeof MemberObservationSchema>
export type AlarmType = z.infer<typeof AlarmTypeSchema>
export type Alarm = z.infer<typeof AlarmSchema>
/** One poll of an etcd run. */
export type EtcdObservation = z.infer<typeof EtcdObservationSchema>

export function isUp(member: MemberObservation): member is UpMember {
  return member.state === 'up'
}

/**
 * Docker runtime: the member's container runs but is not attached to the
 * peer network, so it cannot reach its peers (whatever etcd says of it).
 * Always false on the process runtime, which has no peer network.
 */
export function isPartitioned(member: MemberObservation, obs: Pick<EtcdObservation, 'peer_network'>): boolean {
  return (
    obs.peer_network !== undefined &&
    member.networks !== undefined &&
    member.process === 'running' &&
    !member.networks.includes(obs.peer_network)
  )
}
