/**
 * Opens (or creates) the Operator database: checks that an existing file is
 * ours before writing anything, then WAL mode, a busy timeout, foreign keys
 * and versioned migrations. Corrupt or foreign files are refused with a fix.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { errorMessage, OperatorError } from '../core/errors.js'
import { LATEST_VERSION, MIGRATIONS } from './migrations.js'

/** `PRAGMA application_id` of every Operator database ("OPER"). */
export const APPLICATION_ID = 0x4f504552

export type Db = Database.Database

export interface OpenOptions {
  /** Busy timeout in ms: how long a writer waits for another process's lock. */
  busyTimeoutMs?: number
  readonly?: boolean
}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const fresh = !existsSync(path) || statSync(path).size === 0
  if (fresh && options.readonly) {
    throw new OperatorError(
      'database',
      `no Operator database at ${path}`,
      'start a cluster, monitor or agent first, or set OPERATOR_DB',
    )
  }
  if (fresh) mkdirSync(dirname(path), { recursive: true })
  let db: Db
  try {
    db = new Database(path, { readonly: options.readonly === true, timeout: options.busyTimeoutMs ?? 10_000 })
  } catch (err) {
    throw new OperatorError(
      'database',
      `cannot open database ${path}: ${errorMessage(err)}`,
      'check the path and its permissions, or set OPERATOR_DB',
    )
  }
  try {
    if (!fresh) checkOwnership(db, path)
    if (!options.readonly) {
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
    }
    db.pragma('foreign_keys = ON')
    if (!options.readonly) migrate(db)
    return db
  } catch (err) {
    db.close()
    if (err instanceof OperatorError) throw err
    throw new OperatorError(
      'database',
      `database ${path} is unreadable: ${errorMessage(err)}`,
      'it may be corrupt: move it aside and let Operator create a new one, or set OPERATOR_DB',
    )
  }
}

function checkOwnership(db: Db, path: string): void {
  let appId: unknown
  try {
    appId = db.pragma('application_id', { simple: true })
  } catch (err) {
    throw new OperatorError(
      'database',
      `${path} is not a SQLite database or is corrupt (${errorMessage(err)})`,
      'move it aside and let Operator create a new one, or point OPERATOR_DB elsewhere',
    )
  }
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }
  if (appId !== APPLICATION_ID && tables.n > 0) {
    throw new OperatorError(
      'database',
      `${path} is a SQLite database that does not belong to Operator`,
      'point OPERATOR_DB or OPERATOR_HOME at another location; Operator will not write to it',
    )
  }
  const version = db.pragma('user_version', { simple: true }) as number
  if (version > LATEST_VERSION) {
    throw new OperatorError(
      'database',
      `${path} has schema version ${version}, newer than this build supports (${LATEST_VERSION})`,
      'upgrade Operator, or use another OPERATOR_DB',
    )
  }
}

function migrate(db: Db): void {
  for (const migration of MIGRATIONS) {
    // Re-read the version inside the write lock: two processes may open a new
    // database at the same moment, and only one may run each migration.
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) >= migration.version) return
      if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID)
        db.pragma(`application_id = ${APPLICATION_ID}`)
      db.exec(migration.sql)
      db.pragma(`user_version = ${migration.version}`)
    }).immediate()
  }
}
