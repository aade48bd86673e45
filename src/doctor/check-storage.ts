/**
 * Doctor checks for where Operator keeps its state: OPERATOR_HOME must be
 * writable (or creatable), and an existing database must open read-only as
 * Operator's own, at a schema this build understands. A missing database is
 * fine: the first command that needs it creates it.
 */
import { accessSync, constants, existsSync, mkdtempSync, rmdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { z } from 'zod'
import { isPgUrl, redactDbUrl } from '../core/db-url.js'
import { errorMessage, isOperatorError } from '../core/errors.js'
import { openDatabase } from '../store/open-database.js'
import { Store } from '../store/store.js'
import type { DatabaseCheck, HomeCheck } from './report-schema.js'

/**
 * Whether path is a writable directory, or could be created as one under its
 * nearest existing ancestor. Tried for real with a temporary directory that is
 * removed at once: access(2) says yes to root even on /proc or a read-only mount.
 */
function writableOrCreatable(path: string): { ok: true } | { ok: false; error: string } {
  let probe = path
  while (!existsSync(probe)) {
    const parent = dirname(probe)
    if (parent === probe) break
    probe = parent
  }
  try {
    if (!statSync(probe).isDirectory()) return { ok: false, error: `${probe} is not a directory` }
    accessSync(probe, constants.W_OK | constants.X_OK)
    rmdirSync(mkdtempSync(join(probe, '.operator-doctor-')))
    return { ok: true }
  } catch (err) {
    return { ok: false, error: `${probe} is not writable (${errorMessage(err)})` }
  }
}

/** A PostgreSQL store: reachable, ours, its schema version (made current if it was not). Its password never shown. */
function checkPostgres(url: string): z.infer<typeof DatabaseCheck> {
  const path = redactDbUrl(url)
  try {
    const store = new Store(url)
    try {
      const row = store.db.prepare('SELECT version FROM operator_meta').get() as { version: number }
      return { ok: true, path, exists: true, schema_version: row.version }
    } finally {
      store.close()
    }
  } catch (err) {
    if (isOperatorError(err)) return { ok: false, path, exists: true, error: err.message, fix: err.fix }
    return { ok: false, path, exists: true, error: errorMessage(err), fix: 'check the server and OPERATOR_DB' }
  }
}

export function checkHome(path: string): z.infer<typeof HomeCheck> {
  const check = writableOrCreatable(path)
  if (check.ok) return { path, writable: true }
  return { path, writable: false, error: check.error, fix: 'set OPERATOR_HOME to a directory you can write to' }
}

export function checkDatabase(path: string): z.infer<typeof DatabaseCheck> {
  if (isPgUrl(path)) return checkPostgres(path)
  const exists = existsSync(path) && statSync(path).size > 0
  if (!exists) {
    const dir = writableOrCreatable(dirname(path))
    if (dir.ok) return { ok: true, path, exists: false }
    return {
      ok: false,
      path,
      exists: false,
      error: `cannot create the database: ${dir.error}`,
      fix: 'set OPERATOR_DB or OPERATOR_HOME to a writable location',
    }
  }
  try {
    const db = openDatabase(path, { readonly: true, busyTimeoutMs: 2000 })
    try {
      const version = db.pragma('user_version', { simple: true })
      return { ok: true, path, exists: true, schema_version: typeof version === 'number' ? version : 0 }
    } finally {
      db.close()
    }
  } catch (err) {
    if (isOperatorError(err)) return { ok: false, path, exists: true, error: err.message, fix: err.fix }
    return {
      ok: false,
      path,
      exists: true,
      error: `database ${path} is unreadable: ${errorMessage(err)}`,
      fix: 'move it aside and let Operator create a new one, or set OPERATOR_DB',
    }
  }
}
