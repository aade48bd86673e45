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
