/**
 * The kill switch across hosts on PostgreSQL: the latch transaction NOTIFYs
 * `operator_kill` (delivered when it commits, never for one rolled back), and
 * every agent process LISTENs on a connection of its own, so agents on other
 * hosts abort within milliseconds. The notification is only a nudge: each
 * agent reads the latch from the database, which decides.
 */
import pg from 'pg'
import { isPostgres } from '../dialect.js'
import type { Db } from '../open-database.js'

export const KILL_CHANNEL = 'operator_kill'

/** Inside the latch transaction: tells every listening agent once it commits (nothing on SQLite). */
export function notifyKill(db: Db, seq: number, runId: string | null): void {
  if (!isPostgres(db)) return
  db.prepare('SELECT pg_notify(?, ?)').get(KILL_CHANNEL, JSON.stringify({ seq, run_id: runId }))
}

export interface KillListener {
  /** Settles once the first LISTEN is in place (or failed: then it keeps retrying). */
  ready: Promise<void>
  close(): Promise<void>
}

/**
 * Listens for kill switches until closed, reconnecting after a lost
 * connection (and nudging then too: a kill may have come while it was down).
 */
export function listenForKill(url: string, onKill: () => void, onProblem: (why: string) => void): KillListener {
  let client: pg.Client | null = null
  let closed = false
  let retry: ReturnType<typeof setTimeout> | undefined
  const connect = async (again: boolean) => {
    const c = new pg.Client({ connectionString: url, application_name: 'operator-kill-listener' })
    client = c
    c.on('notification', (n) => {
      if (n.channel === KILL_CHANNEL) onKill()
    })
    c.on('error', (err) => lost(c, err))
    try {
      await c.connect()
      await c.query(`LISTEN ${KILL_CHANNEL}`)
      if (again) onKill()
    } catch (err) {
      lost(c, err)
    }
  }
  const lost = (c: pg.Client, err: unknown) => {
    if (closed || client !== c) return
    client = null
    onProblem(`kill switch listener lost its connection (${err instanceof Error ? err.message : String(err)})`)
    void c.end().catch(() => {})
    retry = setTimeout(() => void connect(true), 1000)
    retry.unref()
  }
  const ready = connect(false)
  return {
    ready,
    async close() {
      closed = true
      clearTimeout(retry)
      const c = client
      client = null
      await c?.end().catch(() => {})
    },
  }
}
