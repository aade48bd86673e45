/**
 * Where a run's files live: OPERATOR_HOME (default `.operator/` in the working
 * directory) holds the database and `runs/<id>/`; OPERATOR_DB overrides the
 * database path.
 */
import { basename, dirname, join, resolve } from 'node:path'
import { isPgUrl, redactDbUrl } from '../core/db-url.js'
import { OperatorError } from '../core/errors.js'

export interface OperatorPaths {
  home: string
  db: string
}

export function operatorPaths(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): OperatorPaths {
  const home = resolve(cwd, env.OPERATOR_HOME || '.operator')
  const named = env.OPERATOR_DB
  if (named && isPgUrl(named)) return { home, db: named }
  if (named) refuseUrl(named)
  const db = named ? resolve(cwd, named) : resolve(home, 'operator.db')
  return { home, db }
}

/**
 * OPERATOR_DB names a SQLite file or a PostgreSQL database (`postgres://…`).
 * Any other URL is refused in one line rather than taken as a relative path
 * that creates a folder named after the scheme; its password is never shown.
 */
function refuseUrl(value: string): void {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]
  if (scheme === undefined) return
  throw new OperatorError(
    'config',
    `OPERATOR_DB=${redactDbUrl(value)} is a ${scheme} URL; Operator's store is a SQLite file or PostgreSQL`,
    'set OPERATOR_DB to a file path, to postgres://USER:PASSWORD@HOST:PORT/DATABASE, or unset it for OPERATOR_HOME/operator.db',
  )
}

/**
 * The audit log's head anchor, next to its database: `audit.head` beside the
 * default `operator.db` (so `$OPERATOR_HOME/audit.head`), else `<database>.head`
 * (a database named by OPERATOR_DB). The same file however the database is reached.
 * A PostgreSQL store, shared by hosts, has one anchor per host: in its OPERATOR_HOME.
 */
export function anchorPath(db: string, home: string): string {
  if (isPgUrl(db)) return join(home, 'audit.head')
  return basename(db) === 'operator.db' ? join(dirname(db), 'audit.head') : `${db}.head`
}
