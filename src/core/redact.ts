/**
 * Secret redaction, applied before anything is hashed, stored, logged or
 * shown: by key name and by value pattern, recursively through objects and
 * arrays. The replacement is a fixed marker so redacted values stay stable.
 */

export const REDACTED = '[REDACTED]'

/** Key names (lowercased, `_`/`-` removed) whose values are always secret. */
const SECRET_KEY_SUFFIXES = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'authorization',
  'privatekey',
  'accesskey',
  'credentials',
  'cookie',
  'sessionid',
]

const SECRET_PATTERNS: RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g,
  /\b((?:[A-Z0-9_]*?)(?:PASSWORD|SECRET|TOKEN|API_KEY|APIKEY|ACCESS_KEY)[A-Z0-9_]*)=("[^"]*"|'[^']*'|\S+)/gi,
]

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[_-]/g, '')
  return SECRET_KEY_SUFFIXES.some((s) => k.endsWith(s))
}

export function redactText(text: string): string {
  let out = text
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match, name: unknown) =>
      typeof name === 'string' && match.includes('=') ? `${name}=${REDACTED}` : REDACTED,
    )
  }
  return out
}

/** A deep copy of value with every secret replaced. */
export function redact<T>(value: T): T {
  return redactValue(value) as T
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value)
  if (Array.isArray(value)) return value.map(redactValue)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      out[k] = isSecretKey(k) && v !== null && v !== undefined ? REDACTED : redactValue(v)
    }
    return out
  }
  return value
}
