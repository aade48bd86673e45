/**
 * `operator cluster list`: every run the database knows — on a shared
 * PostgreSQL store, every host's — with the host that runs it, its state and
 * its open tickets.
 */
import type { Command } from 'commander'
import { z } from 'zod'
import { operatorHost } from '../core/host.js'
import type { Store } from '../store/store.js'
import { output, parseOptions, withStore } from './context.js'

function listRuns(store: Store) {
  const here = operatorHost()
  return {
    host: here,
    runs: store.registeredRuns().map((r) => ({
      run_id: r.id,
      subject: r.subject,
      host: r.host,
      here: r.host === here,
      state: r.state,
      runtime: r.status.runtime,
      members: r.status.members.map((m) => m.name),
      open_tickets: store.tickets({ runId: r.id, status: ['open', 'in_progress', 'escalated'] }).length,
    })),
  }
}

function renderList(l: ReturnType<typeof listRuns>): string {
  if (l.runs.length === 0) return 'no runs yet: `operator cluster up` starts one'
  return l.runs
    .map(
      (r) =>
        `${r.run_id.padEnd(16)} ${r.subject.padEnd(12)} ${r.state.padEnd(5)} host ${r.host}${r.here ? ' (here)' : ''}  ` +
        `${r.runtime}, ${r.members.length} member(s), ${r.open_tickets} open ticket(s)`,
    )
    .join('\n')
}

export function registerClusterList(cluster: Command): void {
  cluster
    .command('list')
    .description('every run the database knows (every host’s, on a shared PostgreSQL store), with its host')
    .option('--json', 'print as JSON')
    .action(async (raw: unknown) => {
      const o = parseOptions(z.object({ json: z.boolean().optional() }), raw, 'cluster list')
      await withStore((store) => output(o.json, listRuns(store), renderList), { readonly: true })
    })
}
