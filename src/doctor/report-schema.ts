/**
 * The machine-readable answer of `operator doctor --json` (DESIGN.md,
 * "Machine-readable contract"): whether this machine is ready, item by item,
 * with the fix for each failing one. Versioned by `schema_version`. Every
 * item's failing variant carries `error` (what is wrong) and `fix` (one line
 * saying what to do); passing variants carry neither.
 */
import { z } from 'zod'

export const DOCTOR_SCHEMA_VERSION = 1

const Problem = { error: z.string().min(1), fix: z.string().min(1) }

export const EtcdCheck = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), path: z.string(), version: z.string() }),
  /** path is set when the binary was found but does not run. */
  z.strictObject({ ok: z.literal(false), path: z.string().nullable(), version: z.null(), ...Problem }),
])

/** redis-server and redis-sentinel, which the ratelimiter subject runs: the same shape as etcd's. */
export const RedisCheck = EtcdCheck

/** From probeEngine(): `host` is where the engine answered, as DOCKER_HOST would say it. */
export const DockerCheck = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), host: z.string(), version: z.string() }),
  z.strictObject({ ok: z.literal(false), host: z.null(), version: z.null(), ...Problem }),
])

/** tmux is reported but not required: only the end-to-end screen test drives a terminal through it. */
export const TmuxCheck = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), path: z.string() }),
  z.strictObject({ ok: z.literal(false), path: z.null(), ...Problem }),
])

/** A missing database is ok (it will be created); an existing one is opened read-only and must be Operator's. */
export const DatabaseCheck = z.union([
  z.strictObject({
    ok: z.literal(true),
    path: z.string(),
    exists: z.literal(true),
    schema_version: z.number().int().nonnegative(),
  }),
  z.strictObject({ ok: z.literal(true), path: z.string(), exists: z.literal(false) }),
  z.strictObject({ ok: z.literal(false), path: z.string(), exists: z.boolean(), ...Problem }),
])

export const NodeCheck = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), version: z.string() }),
  z.strictObject({ ok: z.literal(false), version: z.string(), ...Problem }),
])

export const HomeCheck = z.discriminatedUnion('writable', [
  z.strictObject({ path: z.string(), writable: z.literal(true) }),
  z.strictObject({ path: z.string(), writable: z.literal(false), ...Problem }),
])

export const DoctorReportSchema = z.strictObject({
  schema_version: z.literal(DOCTOR_SCHEMA_VERSION),
  /** Every required item is ok: etcd, redis-server, redis-sentinel, docker, database, node and a writable home (tmux is optional). */
  ok: z.boolean(),
  etcd: EtcdCheck,
  redis_server: RedisCheck,
  redis_sentinel: RedisCheck,
  docker: DockerCheck,
  tmux: TmuxCheck,
  database: DatabaseCheck,
  node: NodeCheck,
  home: HomeCheck,
})

export type DoctorReport = z.infer<typeof DoctorReportSchema>
