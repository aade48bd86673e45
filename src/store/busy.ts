/** Whether an error is SQLite saying another connection holds the lock it needs (SQLITE_BUSY and its variants). */
export function isBusy(err: unknown): boolean {
  if (err === null || typeof err !== 'object' || !('code' in err)) return false
  const code = String(err.code)
  return code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED'
}
