/**
 * The decisive lines of a node's log for a person. Redis and Sentinel write
 * `pid:R dd Mon yyyy hh:mm:ss.mmm <mark> message`, where the mark `#` is a
 * warning (Sentinel's +sdown, +odown, +switch-master among them); the app writes
 * pino JSON (level 40 warn, 50 error). Each line is rendered without its
 * prefix, truncated and redacted. Pure.
 */
import { redactText } from '../../../src/core/redact.js'

export interface NodeLogLine {
  /** True for warnings and errors. */
  serious: boolean
  text: string
}

const REDIS_LINE = /^\d+:[XCSM] \d{1,2} \w{3} \d{4} [\d:.]+ ([.\-*#]) (.*)$/

function fromJson(line: string): NodeLogLine | null {
  try {
    const entry: unknown = JSON.parse(line)
    if (typeof entry !== 'object' || entry === null || !('msg' in entry)) return null
    const { msg, level, error } = entry as { msg: unknown; level?: unknown; error?: unknown }
    const text = typeof error === 'string' ? `${String(msg)}: ${error}` : String(msg)
    return { serious: typeof level === 'number' && level >= 40, text }
  } catch {
    return null
  }
}

export function parseNodeLogLine(line: string): NodeLogLine {
  const redis = REDIS_LINE.exec(line)
  if (redis !== null) return { serious: redis[1] === '#', text: redis[2] ?? '' }
  // Anything else that is not JSON (a stack trace, a fatal config error) is what a person needs to see.
  return fromJson(line) ?? { serious: !line.startsWith('{'), text: line }
}

function clip(text: string, maxLength: number): string {
  return text.length > maxLength ? `${text.slice(0, maxLength - 3)}...` : text
}

/** The last `max` warnings and errors of some log text, in order; the last line when there are none. */
export function decisiveLines(text: string, max = 3, maxLength = 240): string[] {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map(parseNodeLogLine)
  const serious = lines.filter((l) => l.serious)
  const picked = serious.length > 0 ? serious.slice(-max) : lines.slice(-1)
  const out: string[] = []
  for (const line of picked) {
    const text = redactText(clip(line.text, maxLength))
    if (out.at(-1) !== text) out.push(text)
  }
  return out
}
