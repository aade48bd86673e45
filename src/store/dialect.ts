/** Which database a store handle is on: the few statements that differ ask this. */
import type { Db } from './open-database.js'

export function isPostgres(db: Db): boolean {
  return (db as unknown as { dialect?: string }).dialect === 'postgres'
}
