/**
 * The last meaningful line of a member's log (a file, or text the engine
 * returned), for one-line startup errors.
 * etcd's zap logger writes JSON lines; their `msg` and `error` are shown.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs'

function readLastBytes(path: string, bytes: number): string {
  const fd = openSync(path, 'r')
  try {
    const size = statSync(path).size
    const length = Math.min(bytes, size)
    const buffer = Buffer.alloc(length)
    readSync(fd, buffer, 0, length, size - length)
    return buffer.toString('utf8')
  } finally {
    closeSync(fd)
  }
}

function render(line: string): string {
  try {
    const entry: unknown = JSON.parse(line)
    if (typeof entry === 'object' && entry !== null && 'msg' in entry) {
      const { msg } = entry as { msg: unknown }
      const error = 'error' in entry ? (entry as { error: unknown }).error : undefined
      return typeof error === 'string' ? `${String(msg)}: ${error}` : String(msg)
    }
  } catch {
    // Not JSON: show the line as it is.
  }
  return line
}

/** The last non-empty log line, rendered and truncated; '' when there is none. */
export function logTail(path: string, maxLength = 240): string {
  let text: string
  try {
    text = readLastBytes(path, 8192)
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
  const rendered = render(last.trim())
  return rendered.length > maxLength ? `${rendered.slice(0, maxLength - 3)}...` : rendered
}
