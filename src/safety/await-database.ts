/**
 * Waiting for other processes to write something, such as the agents'
 * acknowledgements of the kill switch: the condition is checked again each
 * time the database's WAL file changes (any process's commit writes it), not
 * on a fixed poll, with a slow re-check as a backstop for a change the watch
 * misses (or a database with no WAL file to watch).
 */
import { type FSWatcher, watch } from 'node:fs'
import { isPgUrl } from '../core/db-url.js'

/** How often the condition is checked when no change is seen. */
export const BACKSTOP_MS = 250
/** How often a condition on a PostgreSQL store is checked. */
const PG_CHECK_MS = 20

/** Resolves once `done()` holds or `waitMs` has passed; rejects if `done()` throws. */
export function untilDatabaseShows(
  dbPath: string,
  done: () => boolean,
  waitMs: number,
  backstopMs = BACKSTOP_MS,
): Promise<void> {
  if (done() || waitMs <= 0) return Promise.resolve()
  // PostgreSQL has no file to watch: its reads are cheap and never wait for a writer, so check often.
  if (isPgUrl(dbPath)) backstopMs = Math.min(backstopMs, PG_CHECK_MS)
  return new Promise((resolve, reject) => {
    let watcher: FSWatcher | null = null
    const finish = (err?: unknown) => {
      clearTimeout(deadline)
      clearInterval(backstop)
      watcher?.close()
      if (err === undefined) resolve()
      else reject(err)
    }
    const check = () => {
      try {
        if (done()) finish()
      } catch (err) {
        finish(err)
      }
    }
    const deadline = setTimeout(() => finish(), waitMs)
    const backstop = setInterval(check, backstopMs)
    try {
      watcher = watch(`${dbPath}-wal`, { persistent: false }, check)
      watcher.on('error', () => watcher?.close())
    } catch {
      // No WAL file (an in-memory database, or not written yet): the backstop alone.
    }
  })
}
