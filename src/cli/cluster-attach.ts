/**
 * `operator cluster attach|detach`: a cluster Operator did not start becomes
 * a run it observes and repairs through an adapter (nothing is started), and
 * is forgotten again (nothing is stopped). Credentials are named by file and
 * read by the subject; they are never stored, logged or recorded.
 */
import type { Command } from 'commander'
import { z } from 'zod'
import { OperatorError } from '../core/errors.js'
import { operatorHost } from '../core/host.js'
import type { ClusterStatus } from '../core/subject.js'
import { abortOnSignals, output, parseOptions, paths, withStore } from './context.js'
import { intFrom, SubjectName } from './options.js'
import { subject } from './subject.js'

/** `m1=etcd@m1` pairs, given once each, as a record. */
const Pairs = (flag: string) =>
  z
    .array(z.string().regex(/^[^=\s]+=[^=\s]+$/, { error: `${flag} takes MEMBER=NAME` }))
    .default([])
    .transform((list) => Object.fromEntries(list.map((p) => p.split('=') as [string, string])))

const AttachOptions = z.object({
  subject: SubjectName,
  name: z.string().min(1),
  endpoints: z.string().transform((s) => s.split(',').filter(Boolean)),
  cacert: z.string().optional(),
  cert: z.string().optional(),
  key: z.string().optional(),
  user: z.string().optional(),
  passwordFile: z.string().optional(),
  runtimeAdapter: z.enum(['none', 'systemd', 'docker'], { error: 'must be none, systemd or docker' }).default('none'),
  memberUnit: Pairs('--member-unit'),
  memberContainer: Pairs('--member-container'),
  allowFaults: z.boolean().default(false),
  preferred: z.string().optional(),
  quota: intFrom(1024 * 1024, 8 * 1024 ** 3).optional(),
  json: z.boolean().optional(),
})

const collect = (value: string, previous: string[] = []) => [...previous, value]

function attachable(name: string) {
  const mod = subject(name)
  if (mod.attach === undefined || mod.detach === undefined)
    throw new OperatorError(
      'usage',
      `the ${name} subject cannot attach to a cluster it did not start`,
      'use --subject etcd',
    )
  return { mod, attach: mod.attach, detach: mod.detach }
}

function renderAttached(s: ClusterStatus): string {
  const lines = [`attached ${s.run_id}  subject ${s.subject}  preferred leader ${s.preferred} (now the current run)`]
  for (const m of s.members)
    lines.push(
      `  ${m.name.padEnd(6)} ${m.answers ? 'answers' : 'no answer'}  client ${m.client_url}` +
        (m.container !== undefined ? `  container ${m.container} ${m.state}` : ''),
    )
  return lines.join('\n')
}

export function registerAttach(cluster: Command): void {
  cluster
    .command('attach')
    .description('register a cluster Operator did not start as a run (nothing is started); it becomes the current run')
    .option('--subject <name>', 'subject', 'etcd')
    .requiredOption('--name <name>', 'the run’s name (what detach takes)')
    .requiredOption('--endpoints <urls>', 'client URLs, comma-separated (https://127.0.0.1:2379,…)')
    .option('--cacert <file>', 'CA certificate of the servers')
    .option('--cert <file>', 'client certificate (clusters with client-cert auth)')
    .option('--key <file>', 'key of the client certificate')
    .option('--user <name>', 'user to log in as')
    .option('--password-file <file>', 'file whose first line is the user’s password (never stored)')
    .option(
      '--runtime-adapter <kind>',
      'what restarts a member: none (a person, told the command), docker (its container, via the engine) or ' +
        'systemd (`systemctl restart` of its unit on this host); a member with no container/unit is a person’s',
      'none',
    )
    .option(
      '--member-unit <m=unit>',
      'systemd unit of a member (repeat): the only units the systemd adapter restarts; else named in the command',
      collect,
    )
    .option(
      '--member-container <m=name>',
      'container of a member (repeat): the only containers the docker adapter restarts (must exist); else named in the command',
      collect,
    )
    .option('--allow-faults', 'let faults be injected on this cluster (refused otherwise; docker adapter: kill/pause)')
    .option('--preferred <member>', 'member the leader should sit on (default: the leader now)')
    .option('--quota <bytes>', 'backend quota of the members, bytes (default: etcd’s 2 GiB)')
    .option('--json', 'print the cluster status as JSON')
    .action(async (raw: unknown) => {
      const o = parseOptions(AttachOptions, raw, 'cluster attach')
      const { attach } = attachable(o.subject)
      const { signal, dispose } = abortOnSignals()
      try {
        await withStore(async (store) => {
          const status = await attach(
            {
              home: paths().home,
              name: o.name,
              endpoints: o.endpoints,
              ...(o.cacert && { caFile: o.cacert }),
              ...(o.cert && { certFile: o.cert }),
              ...(o.key && { keyFile: o.key }),
              ...(o.user && { user: o.user }),
              ...(o.passwordFile && { passwordFile: o.passwordFile }),
              adapter: o.runtimeAdapter,
              units: o.memberUnit,
              containers: o.memberContainer,
              allowFaults: o.allowFaults,
              ...(o.preferred && { preferred: o.preferred }),
              ...(o.quota && { quotaBytes: o.quota }),
            },
            signal,
          )
          const payload = { ...status, adapter: o.runtimeAdapter, allow_faults: o.allowFaults }
          const event = { run_id: status.run_id, actor: 'cli', type: 'cluster.attached', payload }
          store.publishRun({ status, host: operatorHost(), home: paths().home }, event)
          output(o.json, status, renderAttached)
        })
      } finally {
        dispose()
      }
    })

  cluster
    .command('detach <name>')
    .description('forget an attached run (never stops anything)')
    .option('--subject <name>', 'subject', 'etcd')
    .option('--json', 'print the result as JSON')
    .action(async (name: string, raw: unknown) => {
      const o = parseOptions(z.object({ subject: SubjectName, json: z.boolean().optional() }), raw, 'cluster detach')
      const result = await attachable(o.subject).detach(paths().home, name)
      await withStore((store) =>
        store.retireRun(result.run_id, {
          run_id: result.run_id,
          actor: 'cli',
          type: 'cluster.detached',
          payload: { ...result },
        }),
      )
      output(o.json, result, (r) => `detached ${r.run_id}: forgotten, nothing stopped`)
    })
}
