/**
 * Whether an error says another connection holds the lock it needs: SQLite's
 * SQLITE_BUSY and its variants, PostgreSQL's lock_not_available (55P03, the
 * writers' lock not taken within lock_timeout).
 */
export function isBusy(err: unknown): boolean {
  if (err === null || typeof err !== 'object' || !('code' in err)) return false
  const code = String(err.code)
  return code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED' || code === '55P03'
}
