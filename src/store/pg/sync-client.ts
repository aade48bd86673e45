/**
 * A synchronous PostgreSQL connection: one `pg` client in a worker thread,
 * each statement a message the caller waits for with Atomics.wait and reads
 * with receiveMessageOnPort. The store's transactions are synchronous
 * closures (nothing else of this process runs inside one: see tx.ts), and
 * this keeps them so on PostgreSQL too. The cost is one worker round trip
 * per statement (measured in `npm run bench`); the kill switch's
 * LISTEN/NOTIFY runs on a connection of its own, asynchronously.
 */
import { createRequire } from 'node:module'
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads'
import { WORKER_SOURCE } from './worker-source.js'

export interface PgReply {
  rows: Record<string, unknown>[]
  rowCount: number
}

export interface PgErrorInfo {
  message: string
  code?: string
}

/** An error PostgreSQL (or the connection) reported, with its SQLSTATE code. */
export class PgError extends Error {
  readonly code: string | undefined
  constructor(info: PgErrorInfo) {
    super(info.message)
    this.name = 'PgError'
    this.code = info.code
  }
}

export type PgRequest =
  | { op: 'connect' }
  | { op: 'query'; text: string; values: unknown[]; name?: string }
  | { op: 'simple'; text: string }
  | { op: 'write1'; text: string; values: unknown[]; name?: string; lockKey: number }
  | { op: 'close' }

type Reply = { ok: PgReply } | { error: PgErrorInfo }

/** Longest a statement may keep this thread waiting (statement_timeout is set below it). */
const WAIT_MS = 60_000

/**
 * One worker thread per process serves every connection (loading `pg` and
 * starting a thread cost ~70 ms; a connection a few): each connection is a
 * port and a flag of its own, and this thread waits on one at a time.
 */
let shared: Worker | undefined
function worker(): Worker {
  if (!shared) {
    const pgPath = createRequire(import.meta.url).resolve('pg')
    shared = new Worker(WORKER_SOURCE, { eval: true, workerData: { pgPath } })
    shared.unref()
    shared.on('exit', () => {
      shared = undefined
    })
  }
  return shared
}

export class SyncPg {
  private readonly port: MessagePort
  private readonly flag: Int32Array
  private closed = false
  private sent = 0

  constructor(url: string) {
    const { port1, port2 } = new MessageChannel()
    const flag = new SharedArrayBuffer(4)
    this.flag = new Int32Array(flag)
    this.port = port1
    // The worker takes the new port from this message before the connect request that follows on it.
    worker().postMessage({ url, flag, port: port2 }, [port2])
    this.call({ op: 'connect' })
  }

  /** Sends one request and blocks until the worker answers it; throws PgError for a refused one. */
  call(request: PgRequest): PgReply {
    if (this.closed) throw new PgError({ message: 'the database connection is closed' })
    const id = ++this.sent
    Atomics.store(this.flag, 0, 0)
    this.port.postMessage({ ...request, id })
    if (Atomics.wait(this.flag, 0, 0, WAIT_MS) === 'timed-out') {
      this.close()
      throw new PgError({ message: `no answer from PostgreSQL within ${WAIT_MS / 1000} s`, code: 'timeout' })
    }
    const reply = this.reply(id)
    if ('error' in reply) throw new PgError(reply.error)
    return reply.ok
  }

  /**
   * The answer to request `id`. The worker posts it before it raises the
   * flag, yet the port may show it a moment after the flag (seconds on a
   * machine under heavy load): wait for it in 1 ms steps, as long as for the
   * flag, rather than take its absence for an answer.
   */
  private reply(id: number): Reply {
    for (let waited = 0; waited < WAIT_MS; ) {
      const m = receiveMessageOnPort(this.port)?.message as ({ id: number } & Reply) | undefined
      if (m?.id === id) return m
      if (m === undefined) {
        Atomics.wait(this.flag, 0, 1, 1)
        waited++
      }
    }
    throw new PgError({ message: 'the database worker gave no answer' })
  }

  close(): void {
    if (this.closed) return
    try {
      this.call({ op: 'close' })
    } catch {
      // Closing a connection that failed: nothing more to do than close its port.
    }
    this.closed = true
    this.port.close()
  }
}
