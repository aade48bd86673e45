/**
 * Secret redaction, applied before anything is hashed, stored, logged or
 * shown: by key name and by value pattern (rules in `secret-patterns.ts`),
 * recursively through objects, arrays and errors. In an array, the element
 * after a secret-named flag (`["--password", "…"]`) is a secret too
 * (`redact-argv.ts`). The replacement is a fixed marker, so redaction is
 * idempotent and redacted values stay stable for hashing.
 *
 * The shape is kept: keys and array lengths never change. Under a secret key
 * every string and number leaf becomes REDACTED (booleans and null say
 * nothing secret and stay). A reference cycle becomes the string
 * `[Circular]`; a Date stays a Date; an Error keeps its class with its message
 * and stack redacted. Key names themselves are never rewritten.
 */
import { redactArgv } from './redact-argv.js'
import { isSecretKey, REDACTED, SECRET_PATTERNS } from './secret-patterns.js'

export { isSecretKey, REDACTED }

export const CIRCULAR = '[Circular]'

/**
 * Applies every pattern, then again until nothing changes: a redaction can
 * expose a neighbour (a key that ran into another key only matches once its
 * neighbour is a marker), so one pass is not always enough. The bound is a
 * guard; in practice the second pass confirms.
 */
export function redactText(text: string): string {
  let out = text
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = redactOnce(out)
    if (next === out) return out
    out = next
  }
  return out
}

const MAX_PASSES = 8

function redactOnce(text: string): string {
  let out = text
  for (const p of SECRET_PATTERNS) {
    const replace = p.replace
    out = replace
      ? out.replace(p.regex, (match: string, ...groups: string[]) => replace(match, ...groups))
      : out.replace(p.regex, REDACTED)
  }
  return out
}

/** A deep copy of value with every secret replaced. */
export function redact<T>(value: T): T {
  return walk(value, false, new Set()) as T
}

function walk(value: unknown, secret: boolean, ancestors: Set<object>): unknown {
  if (typeof value === 'string') return secret ? REDACTED : redactText(value)
  if (typeof value === 'number' || typeof value === 'bigint') return secret ? REDACTED : value
  if (value === null || typeof value !== 'object') return value
  if (ancestors.has(value)) return CIRCULAR
  if (value instanceof Date) return new Date(value.getTime())
  ancestors.add(value)
  try {
    if (Array.isArray(value))
      return secret
        ? value.map((v: unknown) => walk(v, true, ancestors))
        : redactArgv(value, (v, s) => walk(v, s, ancestors))
    if (value instanceof Error) return copyError(value, secret, ancestors)
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) setOwn(out, k, walk(v, secret || isSecretKey(k), ancestors))
    return out
  } finally {
    ancestors.delete(value)
  }
}

/** Same class, same own properties (enumerable or not: message, stack, cause), values redacted. */
function copyError(err: Error, secret: boolean, ancestors: Set<object>): Error {
  const copy = Object.create(Object.getPrototypeOf(err) as object) as Error
  for (const key of Object.getOwnPropertyNames(err)) {
    const d = Object.getOwnPropertyDescriptor(err, key)
    if (!d) continue
    if ('value' in d) d.value = walk(d.value, secret || isSecretKey(key), ancestors)
    Object.defineProperty(copy, key, d)
  }
  return copy
}

/** Assignment that treats `__proto__` (from parsed JSON) as a plain key. */
function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
  else out[key] = value
}
