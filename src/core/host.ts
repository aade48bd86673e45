/**
 * This host's name as Operator records it (agents, runs): OPERATOR_HOST, else
 * the machine's hostname. With a shared PostgreSQL store, processes of one
 * host act on what that host runs (its pids, its members' processes) and
 * reach other hosts only through the database.
 */
import { hostname } from 'node:os'

export function operatorHost(env: NodeJS.ProcessEnv = process.env): string {
  return env.OPERATOR_HOST?.trim() || hostname()
}
