/**
 * Where a run's files live: OPERATOR_HOME (default `.operator/` in the working
 * directory) holds the database and `runs/<id>/`; OPERATOR_DB overrides the
 * database path.
 */
import { basename, dirname, join, resolve } from 'node:path'
import { OperatorError } from '../core/errors.js'

export interface OperatorPaths {
  home: string
  db: string
}

export function operatorPaths(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): OperatorPaths {
  const home = resolve(cwd, env.OPERATOR_HOME || '.operator')
  if (env.OPERATOR_DB) refuseUrl(env.OPERATOR_DB)
  const db = env.OPERATOR_DB ? resolve(cwd, env.OPERATOR_DB) : resolve(home, 'operator.db')
  return { home, db }
}

/**
 * OPERATOR_DB names a SQLite file. A URL (`postgres://…`, anything with a
 * scheme) is refused in one line rather than taken as a relative path that
 * creates a folder named after the scheme; its password is never shown.
 */
function refuseUrl(value: string): void {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]
  if (scheme === undefined) return
  let shown = `${scheme}://…`
  try {
    const url = new URL(value)
    if (url.password) url.password = '***'
    shown = url.toString()
  } catch {
    // Not even a URL: show only its scheme.
  }
  throw new OperatorError(
    'config',
    `OPERATOR_DB=${shown} is a ${scheme} URL; Operator's store is a SQLite file`,
    'set OPERATOR_DB to a file path (or unset it for OPERATOR_HOME/operator.db); a PostgreSQL store is not built yet',
  )
}

/**
 * The audit log's head anchor, next to its database: `audit.head` beside the
 * default `operator.db` (so `$OPERATOR_HOME/audit.head`), else `<database>.head`
 * (a database named by OPERATOR_DB). The same file however the database is reached.
 */
export function anchorPath(db: string): string {
  return basename(db) === 'operator.db' ? join(dirname(db), 'audit.head') : `${db}.head`
}
