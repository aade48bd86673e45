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
  /** The stack frame of the worker is of no use; the caller's is attached where thrown. */
  detail?: string
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

export class SyncPg {
  private readonly worker: Worker
  private readonly port: MessagePort
  private readonly flag: Int32Array
  private closed = false
  private sent = 0

  constructor(url: string) {
    const { port1, port2 } = new MessageChannel()
    const shared = new SharedArrayBuffer(4)
    this.flag = new Int32Array(shared)
    this.port = port1
    const pgPath = createRequire(import.meta.url).resolve('pg')
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { url, pgPath, flag: shared, port: port2 },
      transferList: [port2],
    })
    this.worker.unref()
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
   * flag, yet the port may show it a moment after the flag: wait for it in
   * 1 ms steps rather than take its absence for an answer.
   */
  private reply(id: number): Reply {
    for (let waited = 0; waited < 1000; ) {
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
      // Closing a connection that failed: nothing more to do than end the worker.
    }
    this.closed = true
    this.port.close()
    void this.worker.terminate()
  }
}
