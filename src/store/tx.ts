/**
 * Write transactions: always BEGIN IMMEDIATE, so concurrent writers from
 * other processes queue on the busy timeout instead of failing mid-way.
 * Each outermost one is timed from the lock acquired to COMMIT (tx-stats.ts)
 * and runs the handle's commit hook, if any, just before COMMIT.
 */
import type { Db } from './open-database.js'
import { recordHold } from './tx-stats.js'

/**
 * Runs at the end of every outermost write transaction of a handle, still
 * holding the write lock; returns how to undo its side effect should the
 * COMMIT itself fail.
 */
export type CommitHook = () => (() => void) | undefined

const hooks = new WeakMap<Db, CommitHook>()

/** Sets the handle's commit hook (one per handle: the head anchor, anchor-commit.ts). */
export function setCommitHook(db: Db, hook: CommitHook): void {
  hooks.set(db, hook)
}

/** Runs fn in a BEGIN IMMEDIATE transaction (a savepoint when already inside one). Keep fn short: see prepareEvent. */
export function writeTx<T>(db: Db, fn: () => T): T {
  if (db.inTransaction) return db.transaction(fn).immediate()
  const hook = hooks.get(db)
  const held = { since: 0, undo: undefined as (() => void) | undefined }
  try {
    return db
      .transaction(() => {
        held.since = performance.now()
        const out = fn()
        if (hook) held.undo = hook()
        return out
      })
      .immediate()
  } catch (err) {
    held.undo?.()
    throw err
  } finally {
    if (held.since) recordHold(performance.now() - held.since)
  }
}

/** Parses a JSON column back into an object (null stays null). */
export function jsonColumn(text: string | null): Record<string, unknown> | null {
  return text === null ? null : (JSON.parse(text) as Record<string, unknown>)
}

/**
 * A WHERE clause from optional filters: `equals` entries apply when their
 * value is defined, `within` entries when their list is non-empty.
 */
export function whereClause(filters: {
  equals?: Record<string, string | number | undefined>
  min?: Record<string, number | undefined>
  within?: Record<string, readonly string[] | undefined>
}): { sql: string; args: (string | number)[] } {
  const parts: string[] = []
  const args: (string | number)[] = []
  for (const [column, value] of Object.entries(filters.equals ?? {})) {
    if (value === undefined) continue
    parts.push(`${column} = ?`)
    args.push(value)
  }
  for (const [column, value] of Object.entries(filters.min ?? {})) {
    if (value === undefined) continue
    parts.push(`${column} >= ?`)
    args.push(value)
  }
  for (const [column, values] of Object.entries(filters.within ?? {})) {
    if (!values || values.length === 0) continue
    parts.push(`${column} IN (${values.map(() => '?').join(', ')})`)
    args.push(...values)
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args }
}
