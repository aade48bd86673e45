/**
 * A node's own log, read from its file: the decisive lines of its end (what
 * `logTail` gives the agent and startup errors name), and where the next
 * start's lines begin.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs'
import { decisiveLines } from './log-lines.js'
import { nodeLogFile } from './run-record.js'

const MAX_READ_BYTES = 64 * 1024

/** The log from byte `offset` on (its last 64 KiB at most; all of it when shorter than offset); '' when unreadable. */
export function logSince(path: string, offset = 0): string {
  try {
    const fd = openSync(path, 'r')
    try {
      const size = statSync(path).size
      const start = Math.max(offset > size ? 0 : offset, size - MAX_READ_BYTES)
      const buffer = Buffer.alloc(size - start)
      readSync(fd, buffer, 0, buffer.length, start)
      return buffer.toString('utf8')
    } finally {
      closeSync(fd)
    }
  } catch {
    return ''
  }
}

/** The size of a log now, 0 when there is none: where the next start's lines begin. */
export function logSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

/** The last `lines` decisive lines (warnings, errors; else the last line) of a node's log. */
export function logTail(home: string, runId: string, name: string, lines = 3): string[] {
  return decisiveLines(logSince(nodeLogFile(home, runId, name)), lines)
}
