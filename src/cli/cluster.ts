/** `operator cluster up|down|status`: the subject's members as this run's cluster. */
import type { Command } from 'commander'
import { z } from 'zod'
import { OperatorError } from '../core/errors.js'
import { operatorHost } from '../core/host.js'
import type { ClusterStatus } from '../core/subject.js'
import { registerAttach } from './cluster-attach.js'
import { registerClusterList } from './cluster-list.js'
import { abortOnSignals, output, parseOptions, paths, withStore } from './context.js'
import { intFrom, RuntimeName, SubjectName } from './options.js'
import { hasDatabase, refuseRemote, remoteRun, remoteStatus, renderRemoteStatus } from './remote-run.js'
import { subject } from './subject.js'

const UpOptions = z.object({
  subject: SubjectName,
  preferred: z.string().optional(),
  quota: intFrom(1024 * 1024, 8 * 1024 ** 3).optional(),
  runtime: RuntimeName.default('process'),
  name: z.string().min(1).optional(),
  members: intFrom(1, 9).optional(),
  json: z.boolean().optional(),
})
const RunOptions = z.object({
  subject: SubjectName,
  run: z.string().optional(),
  runtime: RuntimeName.optional(),
  json: z.boolean().optional(),
})

export function renderStatus(s: ClusterStatus): string {
  const lines = [`run ${s.run_id}  subject ${s.subject}  runtime ${s.runtime}  preferred leader ${s.preferred}`]
  for (const m of s.members) {
    const container = m.container !== undefined ? `  container ${m.container}` : ''
    const answers = m.answers === undefined ? '' : `  ${m.answers ? 'answers' : 'no answer'}`
    lines.push(
      `  ${m.name.padEnd(4)} ${m.state.padEnd(8)} pid ${String(m.pid ?? '-').padEnd(8)} client ${m.client_url}  peer ${m.peer_url}${container}${answers}`,
    )
  }
  return lines.join('\n')
}

/** down and status take the runtime from the run record; a --runtime that disagrees is a mistake worth saying. */
function checkRuntime(status: ClusterStatus, wanted: ClusterStatus['runtime'] | undefined): void {
  if (wanted === undefined || wanted === status.runtime) return
  throw new OperatorError(
    'usage',
    `run ${status.run_id} runs on the ${status.runtime} runtime, not ${wanted}`,
    'leave out --runtime: down and status read it from the run',
  )
}

/** A run of another host (the run registry) with its status, when this home has none of that name. */
async function elsewhere(runId: string | undefined) {
  if (runId === undefined || !hasDatabase(paths().db)) return undefined
  return withStore(
    (store) => {
      const run = remoteRun(store, paths().home, runId)
      return run && { run, status: remoteStatus(store, run) }
    },
    { readonly: true },
  )
}

export function registerCluster(program: Command): void {
  const cluster = program.command('cluster').description('start, stop and inspect the subject’s cluster')
  registerAttach(cluster)
  registerClusterList(cluster)

  cluster
    .command('up')
    .description('start the members, wait until healthy with the leader on the preferred member')
    .option('--subject <name>', 'subject', 'etcd')
    .option('--preferred <member>', 'member the leader should sit on (default: the first)')
    .option('--quota <bytes>', 'backend quota per member, bytes')
    .option('--runtime <kind>', 'what runs the members: process or docker', 'process')
    .option('--name <name>', 'the run’s id; a named run starts beside the runs already up')
    .option('--members <n>', 'how many members (etcd: 1 or 3)')
    .option('--json', 'print the cluster status as JSON')
    .action(async (raw: unknown) => {
      const o = parseOptions(UpOptions, raw, 'cluster up')
      const mod = subject(o.subject)
      const { signal, dispose } = abortOnSignals()
      try {
        // Open the store first: a bad database fails before any member starts.
        await withStore(async (store) => {
          const status = await mod.up(
            {
              home: paths().home,
              runtime: o.runtime,
              ...(o.preferred ? { preferred: o.preferred } : {}),
              ...(o.quota ? { quotaBytes: o.quota } : {}),
              ...(o.name ? { name: o.name } : {}),
              ...(o.members ? { members: o.members } : {}),
            },
            signal,
          )
          const event = { run_id: status.run_id, actor: 'cli', type: 'cluster.up', payload: { ...status } }
          store.publishRun({ status, host: operatorHost(), home: paths().home }, event)
          output(o.json, status, renderStatus)
        })
      } finally {
        dispose()
      }
    })

  cluster
    .command('down')
    .description(
      'stop exactly the members of the current run (or --run): its processes, or its containers and networks',
    )
    .option('--subject <name>', 'subject', 'etcd')
    .option('--run <id>', 'run id (default: the current run)')
    .option('--runtime <kind>', 'optional: the runtime the run must be on (read from the run record)')
    .option('--json', 'print the result as JSON')
    .action(async (raw: unknown) => {
      const o = parseOptions(RunOptions, raw, 'cluster down')
      const mod = subject(o.subject)
      const remote = (await elsewhere(o.run))?.run
      if (remote) refuseRemote(remote, 'taking it down', `operator cluster down --run ${remote.id}`)
      if (o.runtime !== undefined) checkRuntime(await mod.status(paths().home, o.run), o.runtime)
      const result = await mod.down(paths().home, o.run)
      await withStore((store) =>
        store.retireRun(result.run_id, {
          run_id: result.run_id,
          actor: 'cli',
          type: 'cluster.down',
          payload: { ...result },
        }),
      )
      output(
        o.json,
        result,
        (r) => `run ${r.run_id}: stopped ${r.stopped.length ? r.stopped.join(', ') : 'nothing (already down)'}`,
      )
    })

  cluster
    .command('status')
    .description('members of the current run (or --run), with pid and process state')
    .option('--subject <name>', 'subject', 'etcd')
    .option('--run <id>', 'run id (default: the current run)')
    .option('--runtime <kind>', 'optional: the runtime the run must be on (read from the run record)')
    .option('--json', 'print as JSON')
    .action(async (raw: unknown) => {
      const o = parseOptions(RunOptions, raw, 'cluster status')
      const remote = await elsewhere(o.run)
      if (remote) return output(o.json, remote.status, renderRemoteStatus)
      const status = await subject(o.subject).status(paths().home, o.run)
      checkRuntime(status, o.runtime)
      output(o.json, status, renderStatus)
    })
}
