/**
 * A PostgreSQL database behind the same handle the store's functions take
 * (the part of better-sqlite3's Database they use): prepare → get/all/run/
 * iterate, exec, transaction(fn).immediate(), inTransaction. Every write
 * transaction takes one transaction-scoped advisory lock first — the single
 * writer SQLite's BEGIN IMMEDIATE gives, on which every invariant of the
 * store rests (claims, the gate's re-checks, the audit chain's head). Readers
 * never wait for it. A statement that writes outside a transaction takes the
 * lock too, in one round trip.
 */

import { createHash } from 'node:crypto'
import { redactDbUrl } from '../../core/db-url.js'
import { connectionLost, PgConnection } from './connection.js'
import { bindValues, isWrite, type PgSql, toPgSql } from './pg-sql.js'

/** The writers' lock: pg_advisory_xact_lock key ("OPER"). */
export const WRITER_LOCK = 0x4f504552

interface RunResult {
  changes: number
  lastInsertRowid: number
}

class PgStatement {
  constructor(
    private readonly db: PgDb,
    private readonly sql: PgSql,
    private readonly name: string,
  ) {}
  get busy(): boolean {
    return false
  }
  all(...args: unknown[]): Record<string, unknown>[] {
    return this.db.query(this.sql, this.name, args).rows
  }
  get(...args: unknown[]): Record<string, unknown> | undefined {
    return this.all(...args)[0]
  }
  iterate(...args: unknown[]): IterableIterator<Record<string, unknown>> {
    return this.all(...args)[Symbol.iterator]()
  }
  run(...args: unknown[]): RunResult {
    return { changes: this.db.query(this.sql, this.name, args).rowCount, lastInsertRowid: 0 }
  }
}

type TxFn<T> = ((...args: unknown[]) => T) & { immediate: () => T; deferred: () => T; exclusive: () => T }

export class PgDb {
  readonly name: string
  readonly dialect = 'postgres'
  private readonly conn: PgConnection
  private readonly statements = new Map<string, PgStatement>()
  private depth = 0
  private lockTimeoutMs = 0

  constructor(url: string) {
    this.name = redactDbUrl(url)
    this.conn = new PgConnection(url)
  }

  get open(): boolean {
    return !this.closedFlag
  }
  private closedFlag = false

  get inTransaction(): boolean {
    return this.depth > 0
  }

  prepare(sql: string): PgStatement {
    let s = this.statements.get(sql)
    if (!s) {
      // Named by its text: a connection handed on from a closed store keeps its prepared statements.
      s = new PgStatement(this, toPgSql(sql), `op${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`)
      this.statements.set(sql, s)
    }
    return s
  }

  /** One statement: inside a transaction as it is, outside one a write commits under the writers' lock. */
  query(sql: PgSql, name: string, args: readonly unknown[]) {
    const values = bindValues(sql, args)
    if (this.depth === 0 && isWrite(sql.text))
      return this.conn.send({ op: 'write1', text: sql.text, values, name, lockKey: WRITER_LOCK }, 'once')
    return this.conn.send({ op: 'query', text: sql.text, values, name }, this.mode())
  }

  /** Runs SQL text as it is (several statements allowed, no parameters). */
  exec(sql: string): this {
    this.conn.send({ op: 'simple', text: sql }, this.depth > 0 ? 'transaction' : isWrite(sql) ? 'once' : 'retry')
    return this
  }

  transaction<T>(fn: (...args: unknown[]) => T): TxFn<T> {
    const run = (...args: unknown[]) => this.inTx(() => fn(...args))
    return Object.assign(run, { immediate: () => run(), deferred: () => run(), exclusive: () => run() })
  }

  private inTx<T>(fn: () => T): T {
    const point = `sp${this.depth}`
    if (this.depth > 0) this.inTransaction_(`SAVEPOINT ${point}`)
    else {
      // BEGIN and the writers' lock in one round trip (our own SQL, no parameters).
      try {
        this.conn.send({ op: 'simple', text: `BEGIN; SELECT pg_advisory_xact_lock(${WRITER_LOCK})` }, 'retry')
      } catch (err) {
        this.rollback('ROLLBACK')
        throw err
      }
    }
    this.depth++
    let out: T
    try {
      out = fn()
      if (out instanceof Promise) throw new TypeError('Transaction function cannot return a promise')
    } catch (err) {
      this.depth--
      this.rollback(this.depth > 0 ? `ROLLBACK TO SAVEPOINT ${point}; RELEASE SAVEPOINT ${point}` : 'ROLLBACK')
      throw err
    }
    // Sent as part of the transaction: a COMMIT whose connection was lost fails, it is never sent again elsewhere.
    try {
      this.inTransaction_(this.depth > 1 ? `RELEASE SAVEPOINT ${point}` : 'COMMIT')
    } finally {
      this.depth--
    }
    return out
  }

  /** How a statement goes when the connection is lost: see PgConnection.send. */
  private mode(): 'retry' | 'transaction' {
    return this.depth > 0 ? 'transaction' : 'retry'
  }

  /** A statement of the transaction under way: on a lost connection it fails with the transaction. */
  private inTransaction_(sql: string): void {
    this.conn.send({ op: 'simple', text: sql }, 'transaction')
  }

  /** Undoes a failed transaction (or savepoint); on a lost connection there is nothing left to undo. */
  private rollback(sql: string): void {
    try {
      this.inTransaction_(sql)
    } catch (err) {
      if (!connectionLost(err)) throw err
    }
  }

  /** The two pragmas the store's callers use on any database: the busy timeout (lock_timeout here). */
  pragma(source: string, options?: { simple?: boolean }): unknown {
    const set = /^busy_timeout\s*=\s*(\d+)$/.exec(source.trim())
    if (set) {
      this.lockTimeoutMs = Number(set[1])
      this.conn.setSession(`SET lock_timeout = ${this.lockTimeoutMs}`)
      return []
    }
    if (source.trim() === 'busy_timeout')
      return options?.simple ? this.lockTimeoutMs : [{ timeout: this.lockTimeoutMs }]
    throw new Error(`PRAGMA ${source} has no PostgreSQL equivalent in Operator's store`)
  }

  /** Ends the handle; its connection waits for the next store of this process on the same URL (a few kept). */
  close(): this {
    if (this.closedFlag) return this
    this.closedFlag = true
    this.conn.release(this.depth === 0)
    return this
  }
}
