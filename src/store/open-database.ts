/**
 * Opens (or creates) the Operator database: checks that an existing file is
 * ours before writing anything, then WAL mode, a busy timeout, foreign keys
 * and versioned migrations — only when the schema is not current, so opening
 * a current database takes no write lock and a busy writer elsewhere cannot
 * make a reader (or the kill switch) fail. Corrupt or foreign files are
 * refused with a fix; a busy database is reported as busy, never as corrupt.
 * A new database is created with mode 0600 in a directory made with 0700.
 */
import { closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { errorMessage, OperatorError } from '../core/errors.js'
import { isBusy } from './busy.js'
import { LATEST_VERSION, MIGRATIONS } from './migrations.js'

/** `PRAGMA application_id` of every Operator database ("OPER"). */
export const APPLICATION_ID = 0x4f504552

export type Db = Database.Database

/** How long a writer waits for another process's write lock before SQLite answers busy. */
export const DEFAULT_BUSY_TIMEOUT_MS = 10_000

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
      { code: 'not_found' },
    )
  }
  if (fresh) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
    // SQLite gives its -wal and -shm files the main file's mode.
    closeSync(openSync(path, 'a', 0o600))
  }
  let db: Db
  try {
    db = new Database(path, {
      readonly: options.readonly === true,
      timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
    })
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
      // Switching an existing WAL database to WAL again would be a no-op that may still wait for a lock.
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
    }
    db.pragma('foreign_keys = ON')
    if (!options.readonly) migrate(db)
    cachePrepared(db)
    return db
  } catch (err) {
    db.close()
    if (err instanceof OperatorError) throw err
    if (isBusy(err)) {
      throw new OperatorError(
        'database',
        `database ${path} is busy: another process holds its write lock (${errorMessage(err)})`,
        'retry in a moment; `operator doctor` shows which Operator processes use it',
        { code: 'conflict' },
      )
    }
    throw new OperatorError(
      'database',
      `database ${path} is unreadable: ${errorMessage(err)}`,
      'it may be corrupt: move it aside and let Operator create a new one, or set OPERATOR_DB',
      { code: 'database_corrupt' },
    )
  }
}

/**
 * Statements compiled once per connection: the same few dozen SQL texts run
 * on every poll and inside every write transaction (the kill switch's spent a
 * quarter of its CPU compiling them). Nothing here switches a statement's
 * mode (pluck, raw, expand), so a cached statement is the same as a new one.
 */
function cachePrepared(db: Db): void {
  const cache = new Map<string, Database.Statement>()
  const compile = db.prepare.bind(db)
  const prepare = (sql: string): Database.Statement => {
    const cached = cache.get(sql)
    // One that is still iterating rows cannot run again: compile another for this use.
    if (cached !== undefined && !cached.busy) return cached
    const statement = compile(sql)
    if (cache.size < 1000 && cached === undefined) cache.set(sql, statement)
    return statement
  }
  db.prepare = prepare as Db['prepare']
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
      { code: 'database_corrupt' },
    )
  }
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }
  if (appId !== APPLICATION_ID && tables.n > 0) {
    throw new OperatorError(
      'database',
      `${path} is a SQLite database that does not belong to Operator`,
      'point OPERATOR_DB or OPERATOR_HOME at another location; Operator will not write to it',
      { code: 'database_foreign' },
    )
  }
  const version = db.pragma('user_version', { simple: true }) as number
  if (version > LATEST_VERSION) {
    throw new OperatorError(
      'database',
      `${path} has schema version ${version}, newer than this build supports (${LATEST_VERSION})`,
      'upgrade Operator, or use another OPERATOR_DB',
      { code: 'database_foreign' },
    )
  }
}

function migrate(db: Db): void {
  // A plain read first: a current schema needs no write lock at all.
  if ((db.pragma('user_version', { simple: true }) as number) >= LATEST_VERSION) return
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
