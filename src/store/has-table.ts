/** Whether the store's database has a table (one from before a migration may not): asked of either database. */
import { isPostgres } from './dialect.js'
import type { Db } from './open-database.js'

export function hasTable(db: Db, name: string): boolean {
  const sql = isPostgres(db)
    ? 'SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?'
    : "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
  return db.prepare(sql).get(name) !== undefined
}
