/**
 * Write transactions: always BEGIN IMMEDIATE, so concurrent writers from
 * other processes queue on the busy timeout instead of failing mid-way.
 */
import type { Db } from './open-database.js'

export function writeTx<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate()
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
