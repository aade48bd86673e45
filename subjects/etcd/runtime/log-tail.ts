/**
 * The end of a member's log (a file, or text the engine returned): its last
 * meaningful line for one-line startup errors, and the text written since
 * an offset (what one start of the member logged).
 * etcd's zap logger writes JSON lines; their `msg` and `error` are shown.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs'
import { parseLogLine } from './log-excerpt.js'

/** How much of a log is read at most: the end of it. */
const MAX_READ_BYTES = 64 * 1024

function readRange(path: string, from: number, bytes: number): string {
  const fd = openSync(path, 'r')
  try {
    const size = statSync(path).size
    const start = Math.max(from > size ? 0 : from, size - bytes)
    const buffer = Buffer.alloc(size - start)
    readSync(fd, buffer, 0, buffer.length, start)
    return buffer.toString('utf8')
  } finally {
    closeSync(fd)
  }
}

/** The size of a log file now, 0 when there is none yet: where the next start's lines begin. */
export function logSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

/**
 * What the log holds from byte `offset` on (at most its last 64 KiB; all of
 * it when the file is shorter than the offset, truncated since); '' when unreadable.
 */
export function logSince(path: string, offset: number): string {
  try {
    return readRange(path, offset, MAX_READ_BYTES)
  } catch {
    return ''
  }
}

/** The last non-empty log line, rendered and truncated; '' when there is none. */
export function logTail(path: string, maxLength = 240): string {
  let text: string
  try {
    text = readRange(path, 0, 8192)
  } catch {
    return ''
  }
  return lastLogLine(text, maxLength)
}

/** The last non-empty line of some log text, rendered and truncated; '' when there is none. */
export function lastLogLine(text: string, maxLength = 240): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '')
  const last = lines.at(-1)
  if (last === undefined) return ''
  const rendered = parseLogLine(last.trim()).text
  return rendered.length > maxLength ? `${rendered.slice(0, maxLength - 3)}...` : rendered
}
