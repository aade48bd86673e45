/**
 * `operator cluster attach|detach` for etcd: a cluster Operator did not start
 * becomes a run (nothing is started): its members are read from the cluster
 * itself over TLS and auth, the paths to the credentials are recorded (never
 * their contents), and it becomes the current run. A runtime adapter
 * (docker, systemd) is checked against what it will act on before anything
 * is recorded. Detach forgets the run and never stops anything. Status asks
 * each member over the same credentials, and the adapter about its process.
 */
import { existsSync, rmSync } from 'node:fs'
import { OperatorError } from '../../src/core/errors.js'
import type { AttachOptions, ClusterStatus, MemberStatus } from '../../src/core/subject.js'
import { isValidRunId } from '../../src/executors/local/run-files.js'
import { type AttachConfig, openAttachedEtcdClient, readAttachSecurity } from './attach-client.js'
import { createMemberClient } from './clients.js'
import { CALL_TIMEOUT_MS, SUBJECT_NAME } from './defaults.js'
import { adapterOf, hostSystemctl } from './runtime/attached/adapter-of.js'
import { type AdapterCheckDeps, checkAdapter } from './runtime/attached/check-adapter.js'
import { attachedMemberRuntime } from './runtime/attached-member-runtime.js'
import type { MemberView } from './runtime/member-runtime.js'
import { runDir } from './runtime/run-paths.js'
import {
  type AttachedRunRecord,
  type AttachInfo,
  clearCurrentRun,
  readRunRecord,
  writeCurrentRun,
  writeRunRecord,
} from './runtime/run-records.js'
import { findEngineOnce } from './runtime/runtime-of.js'

/** etcd's own default backend quota, when --quota does not say. */
const ETCD_DEFAULT_QUOTA = 2 * 1024 ** 3

/** The flags naming the credentials, and the run record's key for each: paths and a user name, never secrets. */
const CREDENTIALS = [
  ['caFile', 'ca_file'],
  ['certFile', 'cert_file'],
  ['keyFile', 'key_file'],
  ['user', 'user'],
  ['passwordFile', 'password_file'],
] as const

type CredentialFields = Partial<Pick<AttachInfo, (typeof CREDENTIALS)[number][1]>>

/** The client config of the flags (or of a run record's fields, read back). */
function configOf(
  endpoints: string[],
  from: (flag: keyof AttachConfig, field: keyof CredentialFields) => string | undefined,
): AttachConfig {
  const config: AttachConfig = { endpoints }
  for (const [flag, field] of CREDENTIALS) {
    const value = from(flag, field)
    if (value) config[flag] = value
  }
  return config
}

export function attachConfigOf(run: AttachedRunRecord): AttachConfig {
  return configOf(run.attach.endpoints, (_flag, field) => run.attach[field])
}

/** The config's credentials as the run record keeps them. */
function credentialFields(config: AttachConfig): CredentialFields {
  const fields: CredentialFields = {}
  for (const [flag, field] of CREDENTIALS) if (config[flag] !== undefined) fields[field] = config[flag]
  return fields
}

function checkMapping(what: string, mapping: Record<string, string>, members: string[]): void {
  const stray = Object.keys(mapping).find((m) => !members.includes(m))
  if (stray !== undefined)
    throw new OperatorError(
      'usage',
      `${what} names ${stray}, which is no member of the cluster`,
      `use one of ${members.join(', ')}`,
    )
}

/** What attach checks an adapter against: the Docker engine every command finds, systemctl on this host. */
const hostChecks = (): AdapterCheckDeps => ({ engine: findEngineOnce(), systemctl: hostSystemctl() })

export async function attachEtcd(o: AttachOptions, checks: AdapterCheckDeps = hostChecks()): Promise<ClusterStatus> {
  if (!isValidRunId(o.name))
    throw new OperatorError(
      'usage',
      `--name "${o.name}" is not a run name`,
      'use letters, digits, dots, dashes, underscores',
    )
  if (existsSync(runDir(o.home, o.name)))
    throw new OperatorError(
      'conflict',
      `a run named ${o.name} exists already`,
      'pick another --name, or detach that run first',
    )
  const config = configOf(o.endpoints, (flag) => o[flag] as string | undefined)
  const client = await openAttachedEtcdClient(config)
  let members: { name: string; client_url: string; peer_url: string }[]
  let leaderName: string | undefined
  try {
    const list = (await client.cluster.memberList({})).members ?? []
    // By name: etcd lists members by id, which says nothing to a person.
    members = list
      .map((m) => ({ name: m.name, client_url: m.clientURLs[0] ?? '', peer_url: m.peerURLs[0] ?? '' }))
      .sort((a, b) => a.name.localeCompare(b.name))
    const leader = (await client.maintenance.status()).leader
    leaderName = list.find((m) => m.ID === leader)?.name
  } finally {
    client.close()
  }
  const names = members.map((m) => m.name)
  if (members.some((m) => m.name === '' || m.client_url === ''))
    throw new OperatorError(
      'subject',
      'a member of the cluster has no name or no client URL yet',
      'attach once every member has started',
    )
  checkMapping('--member-unit', o.units, names)
  checkMapping('--member-container', o.containers, names)
  const found = await checkAdapter(o, checks)
  const preferred = o.preferred ?? leaderName ?? names[0] ?? ''
  if (!names.includes(preferred))
    throw new OperatorError(
      'usage',
      `--preferred ${preferred} is no member of the cluster`,
      `use one of ${names.join(', ')}`,
    )
  const run: AttachedRunRecord = {
    subject: 'etcd',
    run_id: o.name,
    created_at: Date.now(),
    quota_bytes: o.quotaBytes ?? ETCD_DEFAULT_QUOTA,
    preferred,
    cluster_token: '',
    members,
    runtime: 'attached',
    attach: {
      name: o.name,
      endpoints: o.endpoints,
      ...credentialFields(config),
      adapter: o.adapter,
      units: o.units,
      containers: o.containers,
      ...found,
      allow_faults: o.allowFaults,
    },
  }
  writeRunRecord(o.home, run)
  writeCurrentRun(o.home, run.run_id)
  return attachedStatus(run)
}

/** Forgets an attached run: its directory under OPERATOR_HOME goes, the cluster is untouched. */
export function detachEtcd(home: string, name: string): { run_id: string } {
  const run = readRunRecord(home, name)
  if (run.runtime !== 'attached')
    throw new OperatorError(
      'usage',
      `run ${name} was started by Operator, not attached`,
      'stop it with `operator cluster down`',
    )
  rmSync(runDir(home, name), { recursive: true, force: true })
  clearCurrentRun(home, name)
  return { run_id: name }
}

/**
 * Each member asked for its status over the run's credentials: answers or
 * not; its process as the runtime adapter sees it (a container, a unit), else
 * not Operator's to see.
 */
export async function attachedStatus(run: AttachedRunRecord): Promise<ClusterStatus> {
  const { security } = await readAttachSecurity(attachConfigOf(run))
  const runtime = attachedMemberRuntime(run, adapterOf(run, findEngineOnce(run)))
  const unseen: MemberView = { process: 'unknown', pid: null }
  const members: MemberStatus[] = await Promise.all(
    run.members.map(async (m) => {
      const client = createMemberClient(m.client_url, CALL_TIMEOUT_MS, security)
      const [answers, view] = await Promise.all([
        client.maintenance.status().then(
          () => true,
          () => false,
        ),
        runtime.view(m.name).catch(() => unseen),
      ])
      client.close()
      return {
        name: m.name,
        client_url: m.client_url,
        peer_url: m.peer_url,
        pid: view.pid,
        state: view.process,
        ...(view.container !== undefined ? { container: view.container } : {}),
        answers,
      }
    }),
  )
  return {
    run_id: run.run_id,
    subject: SUBJECT_NAME,
    runtime: 'attached',
    preferred: run.preferred,
    members,
    faults_allowed: run.attach.allow_faults,
  }
}
