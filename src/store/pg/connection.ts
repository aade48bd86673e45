/**
 * One store's PostgreSQL connection: taken from the connections closed
 * stores of this process left (a process that opens and closes stores does
 * not connect each time), handed back on close, and opened again when the
 * server dropped it (a restart, a failover, an administrator's terminate):
 * outside a transaction a statement that may run twice is sent again on a
 * new connection; a write on its own and a transaction fail with the loss
 * (the server may have committed the write), and the next statement
 * reconnects.
 */
import { PgError, type PgReply, type PgRequest, SyncPg } from './sync-client.js'

const idle: { url: string; conn: SyncPg }[] = []
const IDLE_MAX = 4

/** SQLSTATEs of a connection the server ended or lost (admin shutdown, crash, cannot connect now). */
const LOST = /^(08|57P0[123])/

export function connectionLost(err: unknown): boolean {
  if (!(err instanceof PgError)) return false
  return err.code === undefined || /^E[A-Z]/.test(err.code) || LOST.test(err.code)
}

export class PgConnection {
  private conn: SyncPg | null
  /** Session settings (lock_timeout), set again on every new connection. */
  private session = ''
  /** The loss that ended the transaction under way: its later statements fail with it, never run elsewhere. */
  private lost: unknown = null

  constructor(private readonly url: string) {
    const at = idle.findIndex((i) => i.url === url)
    this.conn = at < 0 ? new SyncPg(url) : (idle.splice(at, 1)[0]?.conn ?? new SyncPg(url))
  }

  /**
   * `retry`: a statement outside a transaction that may run twice (a read, a
   * BEGIN); `once`: one that must not (a write committed on its own — the
   * server may have committed it before the connection went); `transaction`:
   * a statement of the transaction under way.
   */
  send(request: PgRequest, mode: 'retry' | 'once' | 'transaction'): PgReply {
    const inTransaction = mode === 'transaction'
    if (inTransaction && this.lost !== null) throw this.lost
    if (!inTransaction) this.lost = null
    try {
      this.conn ??= this.open()
      return this.conn.call(request)
    } catch (err) {
      if (!connectionLost(err)) throw err
      this.drop()
      if (inTransaction) this.lost = err
      if (mode !== 'retry') throw err
      this.conn = this.open()
      return this.conn.call(request)
    }
  }

  /** Sets a session setting now and on every connection after this one. */
  setSession(sql: string): void {
    this.session = sql
    this.send({ op: 'simple', text: sql }, 'retry')
  }

  private open(): SyncPg {
    const conn = new SyncPg(this.url)
    if (this.session) conn.call({ op: 'simple', text: this.session })
    return conn
  }

  /** Hands the connection to the next store of this process (a few are kept), or ends it. */
  release(clean: boolean): void {
    const conn = this.conn
    this.conn = null
    if (!conn) return
    // A lost connection was dropped when it was found lost (send): what is left here answered last time.
    if (!clean) {
      conn.close()
      return
    }
    idle.push({ url: this.url, conn })
    if (idle.length > IDLE_MAX) idle.shift()?.conn.close()
  }

  private drop(): void {
    this.conn?.close()
    this.conn = null
  }
}
