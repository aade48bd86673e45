/**
 * Fixed facts and tunable defaults of the etcd subject: member names, quota,
 * call deadlines and how long the runtime waits for members.
 */

/** Subject name, as used by `--subject etcd` and in observations. */
export const SUBJECT_NAME = 'etcd'

/** The three members of every run, in order; the first is the default preferred leader. */
export const MEMBER_NAMES = ['m1', 'm2', 'm3'] as const
export type MemberName = (typeof MEMBER_NAMES)[number]

export const DEFAULT_QUOTA_BYTES = 16 * 1024 * 1024

/** Deadline on every unary etcd call unless the call sets a longer one. */
export const CALL_TIMEOUT_MS = 1000

/** How long `up` waits for all members to be healthy with a leader. */
export const STARTUP_TIMEOUT_MS = 30_000

/** How long a stopped member gets between SIGTERM and SIGKILL. */
export const STOP_GRACE_MS = 5000

/** How long restart_member waits for the member to answer status again. */
export const RESTART_READY_TIMEOUT_MS = 20_000

/** How long a leader transfer may take before it is reported as failed. */
export const TRANSFER_TIMEOUT_MS = 10_000

/** Deadline for defragment and physical compaction, which rewrite the backend. */
export const MAINTENANCE_TIMEOUT_MS = 30_000

export const HEARTBEAT_INTERVAL_MS = 100
export const ELECTION_TIMEOUT_MS = 1000

/** The etcd binary: Debian's etcd-server unless OPERATOR_ETCD_BINARY says otherwise. */
export function etcdBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.OPERATOR_ETCD_BINARY ?? 'etcd'
}
