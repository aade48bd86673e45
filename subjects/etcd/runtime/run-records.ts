/**
 * The files that describe a run (`run.json`, `members/<name>.json`,
 * `current-etcd`): schemas, atomic writes and validated reads. Any terminal can
 * act on a run from these files alone.
 */
import { existsSync, rmSync } from 'node:fs'
import { z } from 'zod'
import { OperatorError } from '../../../src/core/errors.js'
import { writeJsonAtomic } from '../../../src/executors/local/atomic-json.js'
import {
  clearRunPointer,
  readJsonRecord,
  readRunPointer,
  writeRunPointer,
} from '../../../src/executors/local/run-files.js'
import { currentRunPath, isValidRunId, memberRecordPath, runDir, runRecordPath } from './run-paths.js'

/** One member's process as last started: what down, status and restart act on. */
export const MemberRecord = z.object({
  name: z.string(),
  client_url: z.string(),
  peer_url: z.string(),
  pid: z.number().int().positive(),
  /** Field 22 of /proc/<pid>/stat at start: guards against pid reuse. */
  start_time: z.number().int().nonnegative(),
  data_dir: z.string(),
  log_file: z.string(),
  started_at: z.number(),
})
export type MemberRecord = z.infer<typeof MemberRecord>

/** A member's fixed identity within a run. */
export const RunMember = z.object({
  name: z.string(),
  client_url: z.string(),
  peer_url: z.string(),
})
export type RunMember = z.infer<typeof RunMember>

/** Fields of every run, whatever its runtime. */
const RunFields = {
  subject: z.literal('etcd'),
  run_id: z.string(),
  created_at: z.number(),
  quota_bytes: z.number().int().positive(),
  preferred: z.string(),
  /** The `--initial-cluster-token`; equal to the run id. */
  cluster_token: z.string(),
  members: z.array(RunMember),
}

/** A run whose members are local processes (pid records under `members/`). */
export const ProcessRunRecord = z.object({ ...RunFields, runtime: z.literal('process') })
export type ProcessRunRecord = z.infer<typeof ProcessRunRecord>

/** Where a docker run lives on the engine: everything carries the label operator.run=<run id>. */
export const DockerRunInfo = z.object({
  /** The engine `up` used, as DOCKER_HOST would say it. */
  engine_host: z.string(),
  image: z.string(),
  /** Bridge network of the published client ports; members cannot talk to each other on it. */
  client_network: z.string(),
  /** Internal network that carries the peer traffic: disconnecting a member from it partitions the member. */
  peer_network: z.string(),
  /** Member name → container name. */
  containers: z.record(z.string(), z.string()),
})
export type DockerRunInfo = z.infer<typeof DockerRunInfo>

/** A run whose members are containers on a Docker engine. */
export const DockerRunRecord = z.object({ ...RunFields, runtime: z.literal('docker'), docker: DockerRunInfo })
export type DockerRunRecord = z.infer<typeof DockerRunRecord>

/**
 * How Operator reaches a cluster it did not start (`operator cluster attach`):
 * paths to the credentials, never their contents; what may restart a member.
 */
export const AttachInfo = z.object({
  name: z.string(),
  endpoints: z.array(z.string()).min(1),
  ca_file: z.string().optional(),
  cert_file: z.string().optional(),
  key_file: z.string().optional(),
  user: z.string().optional(),
  password_file: z.string().optional(),
  /** What restarts a member: nothing (a person, told the command), its systemd unit, or its container. */
  adapter: z.enum(['none', 'systemd', 'docker']),
  /** Member name → systemd unit (adapter systemd): the allowlist of what may be restarted. */
  units: z.record(z.string(), z.string()),
  /** Member name → container name (adapter docker): the only containers it may act on. */
  containers: z.record(z.string(), z.string()),
  /** Adapter docker: the engine the containers were found on at attach time, as DOCKER_HOST would say it. */
  engine_host: z.string().optional(),
  /** Faults are refused on it unless this was given at attach time. */
  allow_faults: z.boolean(),
})
export type AttachInfo = z.infer<typeof AttachInfo>

/** A cluster Operator did not start and never stops: attached, detached, observed, repaired through its adapter. */
export const AttachedRunRecord = z.object({ ...RunFields, runtime: z.literal('attached'), attach: AttachInfo })
export type AttachedRunRecord = z.infer<typeof AttachedRunRecord>

/** The run as created by `up` (by runtime) or `attach`. */
export const RunRecord = z.discriminatedUnion('runtime', [ProcessRunRecord, DockerRunRecord, AttachedRunRecord])
export type RunRecord = z.infer<typeof RunRecord>

const readJson = <T>(path: string, schema: z.ZodType<T>, what: string): T =>
  readJsonRecord(
    path,
    schema,
    what,
    'check OPERATOR_HOME, or run `operator cluster down` and `operator cluster up` again',
  )

export function writeRunRecord(home: string, run: RunRecord): void {
  writeJsonAtomic(runRecordPath(home, run.run_id), run)
}

export function readRunRecord(home: string, runId: string): RunRecord {
  if (!isValidRunId(runId) || !existsSync(runRecordPath(home, runId))) {
    throw new OperatorError(
      'not_found',
      `no etcd run "${runId}" under ${home}`,
      'list runs in OPERATOR_HOME/runs, or start one with `operator cluster up`',
    )
  }
  return readJson(runRecordPath(home, runId), RunRecord, 'run file')
}

export function writeMemberRecord(home: string, runId: string, record: MemberRecord): void {
  writeJsonAtomic(memberRecordPath(home, runId, record.name), record)
}

/** Removes the member's pid record: it names no live process of the member any more. */
export function removeMemberRecord(home: string, runId: string, name: string): void {
  rmSync(memberRecordPath(home, runId, name), { force: true })
}

/** The member's pid record, or null when it was never started (or its last start died). */
export function readMemberRecord(home: string, runId: string, name: string): MemberRecord | null {
  const path = memberRecordPath(home, runId, name)
  if (!existsSync(path)) return null
  return readJson(path, MemberRecord, 'member record')
}

/** Id of the current run, or null when none is recorded. */
export const readCurrentRun = (home: string): string | null => readRunPointer(currentRunPath(home))
export const writeCurrentRun = (home: string, runId: string): void => writeRunPointer(currentRunPath(home), runId)
/** Removes the current-run pointer, but only if it still names this run. */
export const clearCurrentRun = (home: string, runId: string): void => clearRunPointer(currentRunPath(home), runId)

/** The run to act on: the one named, else the current one; not_found when there is none. */
export function resolveRunId(home: string, runId?: string): string {
  const id = runId ?? readCurrentRun(home)
  if (id === null) {
    throw new OperatorError(
      'not_found',
      `no current etcd run under ${home}`,
      'start one with `operator cluster up`, or name a run with --run',
    )
  }
  if (!isValidRunId(id) || !existsSync(runDir(home, id))) {
    throw new OperatorError(
      'not_found',
      `no etcd run "${id}" under ${home}`,
      'list runs in OPERATOR_HOME/runs, or start one with `operator cluster up`',
    )
  }
  return id
}
