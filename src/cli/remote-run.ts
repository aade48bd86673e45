/**
 * Runs of other hosts (a shared PostgreSQL store): the run registry says
 * which host runs a run this home does not have. What needs the members'
 * processes (a fault, taking it down) is done on that host; what the
 * database holds (status as last known, tickets, approvals, the kill
 * switch) is seen and done from anywhere.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { isPgUrl } from '../core/db-url.js'
import { OperatorError } from '../core/errors.js'
import { operatorHost } from '../core/host.js'
import type { RegisteredRun } from '../store/cluster-runs.js'
import type { Store } from '../store/store.js'

/** Whether there is a database to ask (PostgreSQL always; a SQLite file once it exists). */
export function hasDatabase(db: string): boolean {
  return isPgUrl(db) || existsSync(db)
}

/** The registered run of another host named `runId`, when this home has no such run; else undefined. */
export function remoteRun(store: Store, home: string, runId: string | undefined): RegisteredRun | undefined {
  if (runId === undefined || existsSync(join(home, 'runs', runId, 'run.json'))) return undefined
  const run = store.registeredRun(runId)
  return run && run.host !== operatorHost() ? run : undefined
}

/** Refuses what only the run's own host can do, in one line naming it. */
export function refuseRemote(run: RegisteredRun, what: string, command: string): never {
  throw new OperatorError(
    'usage',
    `run ${run.id} runs on host ${run.host} (${run.home}): ${what} acts on its members there`,
    `run \`${command}\` on ${run.host}`,
  )
}

/** The registry's view of a run of another host, with its open tickets. */
export function remoteStatus(store: Store, run: RegisteredRun) {
  const open = store.tickets({ runId: run.id, status: ['open', 'in_progress', 'escalated'] })
  return {
    ...run.status,
    host: run.host,
    home: run.home,
    state: run.state,
    as_of: run.updated_at,
    open_tickets: open.map((t) => ({ id: t.id, key: t.key, status: t.status })),
  }
}

export function renderRemoteStatus(s: ReturnType<typeof remoteStatus>): string {
  const lines = [
    `run ${s.run_id}  subject ${s.subject}  on host ${s.host}  ${s.state}  (members as of ${new Date(s.as_of).toISOString()}; live on ${s.host})`,
    ...s.members.map((m) => `  ${m.name.padEnd(4)} client ${m.client_url}  peer ${m.peer_url}`),
  ]
  lines.push(
    s.open_tickets.length
      ? `  open tickets: ${s.open_tickets.map((t) => `${t.id} ${t.status} ${t.key}`).join(', ')}`
      : '  no open tickets',
  )
  return lines.join('\n')
}
