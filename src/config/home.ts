/**
 * Where a run's files live: OPERATOR_HOME (default `.operator/` in the working
 * directory) holds the database and `runs/<id>/`; OPERATOR_DB overrides the
 * database path.
 */
import { basename, dirname, join, resolve } from 'node:path'

export interface OperatorPaths {
  home: string
  db: string
}

export function operatorPaths(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): OperatorPaths {
  const home = resolve(cwd, env.OPERATOR_HOME || '.operator')
  const db = env.OPERATOR_DB ? resolve(cwd, env.OPERATOR_DB) : resolve(home, 'operator.db')
  return { home, db }
}

/**
 * The audit log's head anchor, next to its database: `audit.head` beside the
 * default `operator.db` (so `$OPERATOR_HOME/audit.head`), else `<database>.head`
 * (a database named by OPERATOR_DB). The same file however the database is reached.
 */
export function anchorPath(db: string): string {
  return basename(db) === 'operator.db' ? join(dirname(db), 'audit.head') : `${db}.head`
}
