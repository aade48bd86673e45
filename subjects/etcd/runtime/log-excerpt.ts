/**
 * The decisive lines of a member's log, for a person: etcd's zap logger
 * writes JSON lines with a level; the warnings and errors among them (the
 * fatal "discovery failed: … address already in use", the panic "failed to
 * open database: …") say why a member could not start. Each line is
 * rendered as `msg: error`, truncated and redacted. Pure.
 */
import { redactText } from '../../../src/core/redact.js'

const LEVELS: Record<string, number> = { debug: 0, info: 1, warn: 2, error: 3, dpanic: 4, panic: 5, fatal: 6 }
const WARN = 2

/** One log line as a person reads it, with its zap level (null when the line is not zap JSON). */
export interface LogLine {
  level: number | null
  text: string
}

function field(entry: object, key: string): unknown {
  return key in entry ? (entry as Record<string, unknown>)[key] : undefined
}

/** Reads one log line: zap JSON becomes `msg (path …): error`; anything else is kept as it is. */
export function parseLogLine(line: string): LogLine {
  try {
    const entry: unknown = JSON.parse(line)
    if (typeof entry === 'object' && entry !== null && 'msg' in entry) {
      const msg = String(field(entry, 'msg'))
      const error = field(entry, 'error')
      const path = field(entry, 'path')
      const level = field(entry, 'level')
      const where = typeof path === 'string' ? ` (${path})` : ''
      return {
        level: typeof level === 'string' ? (LEVELS[level] ?? null) : null,
        text: typeof error === 'string' ? `${msg}${where}: ${error}` : `${msg}${where}`,
      }
    }
  } catch {
    // Not JSON (a Go panic trace, a plain message): shown as it is.
  }
  return { level: null, text: line }
}

function clip(text: string, maxLength: number): string {
  return text.length > maxLength ? `${text.slice(0, maxLength - 3)}...` : text
}

/**
 * The decisive lines of some log text: the last `max` warnings and errors
 * (in log order, the most severe usually last), or the last line when there
 * are none. Redacted and truncated; [] for an empty log.
 */
export function decisiveLines(text: string, max = 3, maxLength = 240): string[] {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map(parseLogLine)
  const serious = lines.filter((l) => l.level !== null && l.level >= WARN)
  const picked = serious.length > 0 ? serious.slice(-max) : lines.slice(-1)
  const out: string[] = []
  for (const line of picked) {
    const text = redactText(clip(line.text, maxLength))
    if (out.at(-1) !== text) out.push(text)
  }
  return out
}
