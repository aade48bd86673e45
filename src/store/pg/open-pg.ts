/**
 * Opens (or creates) the Operator schema in a PostgreSQL database: connects
 * (one line naming the URL without its password when the server is not
 * there, refuses the credentials or has no such database), checks that a
 * database with tables in it is Operator's before writing anything, then
 * runs the migrations it lacks under the writers' lock, so two processes
 * opening a new database at once run each migration once.
 */

import { redactDbUrl } from '../../core/db-url.js'
import { errorMessage, OperatorError } from '../../core/errors.js'
import { LATEST_VERSION } from '../migrations.js'
import type { Db } from '../open-database.js'
import { PgDb } from './pg-db.js'
import { PG_MIGRATIONS } from './pg-migrations.js'
import { PgError } from './sync-client.js'

/** `operator_meta.application`: the mark of an Operator database (as SQLite's application_id). */
export const PG_APPLICATION = 'operator'

export function openPostgres(url: string): Db {
  const shown = redactDbUrl(url)
  let db: PgDb
  try {
    db = new PgDb(url)
  } catch (err) {
    throw connectError(shown, err)
  }
  try {
    db.pragma('busy_timeout = 10000')
    const version = checkOwnership(db, shown)
    if (version < LATEST_VERSION) migrate(db)
    return db as unknown as Db
  } catch (err) {
    db.close()
    if (err instanceof OperatorError) throw err
    throw new OperatorError('database', `database ${shown}: ${errorMessage(err)}`, 'check the server and the URL')
  }
}

function connectError(shown: string, err: unknown): OperatorError {
  const code = err instanceof PgError ? err.code : undefined
  const [what, fix] =
    code === '28P01' || code === '28000'
      ? ['refused the user or password', 'check the user and password in OPERATOR_DB']
      : code === '3D000'
        ? ['has no such database', 'create it (createdb) or name another database in OPERATOR_DB']
        : code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'timeout'
          ? ['is not reachable', 'start PostgreSQL or check the host and port in OPERATOR_DB']
          : ['could not be opened', 'check the server and the URL in OPERATOR_DB']
  return new OperatorError('database', `PostgreSQL at ${shown} ${what} (${errorMessage(err)})`, fix, {
    code: 'not_found',
  })
}

/** The schema version of an Operator database (0: an empty one); refuses anyone else's. */
function checkOwnership(db: PgDb, shown: string): number {
  const tables = db.prepare('SELECT count(*) AS n FROM pg_tables WHERE schemaname = current_schema()').get() as {
    n: number
  }
  if (tables.n === 0) return 0
  const meta = db.prepare("SELECT to_regclass('operator_meta') IS NOT NULL AS present").get() as { present: boolean }
  const row = meta.present
    ? (db.prepare('SELECT application, version FROM operator_meta').get() as
        | { application: string; version: number }
        | undefined)
    : undefined
  if (row?.application !== PG_APPLICATION) {
    throw new OperatorError(
      'database',
      `PostgreSQL database ${shown} has tables that do not belong to Operator`,
      'name an empty database (or one Operator made) in OPERATOR_DB; Operator will not write to this one',
      { code: 'database_foreign' },
    )
  }
  if (row.version > LATEST_VERSION) {
    throw new OperatorError(
      'database',
      `${shown} has schema version ${row.version}, newer than this build supports (${LATEST_VERSION})`,
      'upgrade Operator, or use another OPERATOR_DB',
      { code: 'database_foreign' },
    )
  }
  return row.version
}

function migrate(db: PgDb): void {
  db.transaction(() => {
    // Inside the writers' lock: another process may have migrated meanwhile.
    db.exec('CREATE TABLE IF NOT EXISTS operator_meta (application TEXT NOT NULL, version BIGINT NOT NULL)')
    const row = db.prepare('SELECT version FROM operator_meta').get() as { version: number } | undefined
    const from = row?.version ?? 0
    const due = PG_MIGRATIONS.filter((m) => m.version > from)
    if (due.length === 0) return
    // The migrations due and the new version in one round trip (SQL of our own, no parameters).
    const mark = row
      ? `UPDATE operator_meta SET version = ${LATEST_VERSION}`
      : `INSERT INTO operator_meta (application, version) VALUES ('${PG_APPLICATION}', ${LATEST_VERSION})`
    db.exec(`${due.map((m) => m.sql).join(';\n')};\n${mark}`)
  })()
}
