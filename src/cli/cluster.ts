/** `operator cluster up|down|status`: the subject's members as this run's cluster. */
import type { Command } from 'commander'
import { z } from 'zod'
import type { ClusterStatus } from '../core/subject.js'
import { abortOnSignals, output, parseOptions, paths, subject, withStore } from './context.js'
import { intFrom, SubjectName } from './options.js'

const UpOptions = z.object({
  subject: SubjectName,
  preferred: z.string().optional(),
  quota: intFrom(1024 * 1024, 8 * 1024 ** 3).optional(),
  json: z.boolean().optional(),
})
const RunOptions = z.object({ subject: SubjectName, run: z.string().optional(), json: z.boolean().optional() })

export function renderStatus(s: ClusterStatus): string {
  const lines = [`run ${s.run_id}  subject ${s.subject}  runtime ${s.runtime}  preferred leader ${s.preferred}`]
  for (const m of s.members) lines.push(`  ${m.name.padEnd(4)} ${m.state.padEnd(8)} pid ${String(m.pid ?? '-').padEnd(8)} client ${m.client_url}  peer ${m.peer_url}`)
  return lines.join('\n')
}

export function registerCluster(program: Command): void {
  const cluster = program.command('cluster').description('start, stop and inspect the subject’s cluster')

  cluster
    .command('up')
    .description('start the members, wait until healthy with the leader on the preferred member')
    .option('--subject <name>', 'subject', 'etcd')
    .option('--preferred <member>', 'member the leader should sit on (default: the first)')
    .option('--quota <bytes>', 'backend quota per member, bytes')
    .option('--json', 'print the cluster status as JSON')
    .action(async (raw: unknown) => {
      const o = parseOptions(UpOptions, raw, 'cluster up')
      const mod = subject(o.subject)
      const { signal, dispose } = abortOnSignals()
      try {
        // Open the store first: a bad database fails before any member starts.
        await withStore(async (store) => {
          const status = await mod.up({ home: paths().home, ...(o.preferred ? { preferred: o.preferred } : {}), ...(o.quota ? { quotaBytes: o.quota } : {}) }, signal)
          store.append({ run_id: status.run_id, actor: 'cli', type: 'cluster.up', payload: { ...status } })
          output(o.json, status, renderStatus)
        })
      } finally {
        dispose()
      }
    })

  cluster
    .command('down')
    .description('stop exactly the members of the current run (or --run)')
    .option('--subject <name>', 'subject', 'etcd')
    .option('--run <id>', 'run id (default: the current run)')
    .option('--json', 'print the result as JSON')
    .action(async (raw: unknown) => {
      const o = parseOptions(RunOptions, raw, 'cluster down')
      const result = await subject(o.subject).down(paths().home, o.run)
      await withStore((store) => store.append({ run_id: result.run_id, actor: 'cli', type: 'cluster.down', payload: { ...result } }))
      output(o.json, result, (r) => `run ${r.run_id}: stopped ${r.stopped.length ? r.stopped.join(', ') : 'nothing (already down)'}`)
    })

  cluster
    .command('status')
    .description('members of the current run (or --run), with pid and process state')
    .option('--subject <name>', 'subject', 'etcd')
    .option('--run <id>', 'run id (default: the current run)')
    .option('--json', 'print as JSON')
    .action(async (raw: unknown) => {
      const o = parseOptions(RunOptions, raw, 'cluster status')
      output(o.json, await subject(o.subject).status(paths().home, o.run), renderStatus)
    })
}
