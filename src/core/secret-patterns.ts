/**
 * What counts as a secret: key names (compared without case or `_ - .`
 * separators, by suffix) and value patterns (credentials with a recognisable
 * shape, and `name=value` / `name: value` assignments whose name is a secret
 * key). Used by `redact.ts`; kept apart so the rules read as one list.
 *
 * Decisions worth knowing:
 * - A key is secret when its normalised name *ends* with a secret word, so
 *   `db_password`, `clientSecret`, `X-Auth-Token` are secret while
 *   `tokens_revoked`, `token_id`, `token_count`, `max_tokens`, `secret_name`,
 *   `content_hash`, `prev_hash`, `policy_digest` are not.
 * - A token's *id* is not a secret: it names a token and grants nothing. A
 *   token's *signature* is: an execution token's HMAC is its bearer proof, so
 *   `signature` and `token_signature` are secret keys. (Audit packages carry
 *   the signature on purpose, outside redaction; see src/audit/.)
 * - `pwd` is not a secret word: `PWD` is the working directory.
 * - Bare high-entropy strings are not redacted: hex digests (sha1, sha256,
 *   git commits) look like AWS secret keys, so an AWS secret key is caught only
 *   by its name (`aws_secret_access_key=…`).
 */

export const REDACTED = '[REDACTED]'

/** Normalised key suffixes whose values are always secret. */
const SECRET_KEY_SUFFIXES = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'secretkey',
  'token',
  'apikey',
  'auth',
  'authorization',
  'bearer',
  'jwt',
  'privatekey',
  'accesskey',
  'credential',
  'credentials',
  'cookie',
  'sessionid',
  'sessionkey',
  'signature',
] as const

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[\s_.-]/g, '')
}

export function isSecretKey(key: string): boolean {
  const k = normaliseKey(key)
  return SECRET_KEY_SUFFIXES.some((s) => k.endsWith(s))
}

/** A value replacement: the whole match becomes REDACTED unless `replace` says otherwise. */
export interface SecretPattern {
  name: string
  regex: RegExp
  replace?: (match: string, ...groups: string[]) => string
}

/** Name part of an assignment: anything ending in a secret word, the same words as the key list. */
const SECRET_NAME =
  '[A-Za-z0-9_.-]*?(?:pass(?:word|wd|phrase)|secret(?:[_.-]?key)?|token|api[_.-]?key|auth(?:orization)?|bearer|jwt|private[_.-]?key|access[_.-]?key|credentials?|cookie|session[_.-]?(?:id|key)|signature)'

/** A value: quoted (kept quoted), an earlier redaction (left alone), or a run of non-separator characters. */
const ASSIGNED_VALUE = String.raw`("(?:[^"\\\r\n]|\\.)*"|'[^'\r\n]*'|\[REDACTED\]|[^\s"',;&)}\]]+)`

/** HTTP authentication schemes: the word before a credential, not a credential. */
const AUTH_SCHEME = '(?:Bearer|Basic|Digest|Token|Negotiate)'

function keepQuotes(value: string): string {
  const q = value[0]
  return (q === '"' || q === "'") && value.length >= 2 ? `${q}${REDACTED}${q}` : REDACTED
}

/** Applied in order; every pattern leaves text that no pattern changes again (idempotence). */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    name: 'pem-private-key',
    // A block cut off before its END line is redacted to the end of the text.
    regex:
      /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g,
  },
  {
    name: 'url-credentials',
    regex: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/?#@[\]]*):([^\s/?#]+)@/gi,
    replace: (_m, scheme, user) => `${scheme}${user}:${REDACTED}@`,
  },
  {
    name: 'auth-header',
    // The rest of the line, or up to a closing quote when the header sits in a quoted argument. A
    // shell variable (`Authorization: Bearer $TOKEN`) is a reference, not a credential: base64 and
    // bearer tokens never start with `$`.
    regex: new RegExp(
      String.raw`\b((?:proxy-)?authorization|(?:set-)?cookie|x-api-key|x-auth-token)([ \t]*:[ \t]*)(?![ \t"']|\[REDACTED\]|(?:${AUTH_SCHEME}[ \t]+)?\$)([^\r\n"]+)`,
      'gi',
    ),
    replace: (_m, name, sep) => `${name}${sep}${REDACTED}`,
  },
  { name: 'aws-access-key-id', regex: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g },
  { name: 'github-token', regex: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})\b/g },
  { name: 'slack-token', regex: /\bxox[abposre]-[A-Za-z0-9-]{10,}/g },
  { name: 'slack-webhook', regex: /https:\/\/hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9_/]+/g },
  { name: 'google-api-key', regex: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  { name: 'jwt', regex: /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g },
  { name: 'stripe-key', regex: /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}\b/g },
  { name: 'sk-api-key', regex: /\bsk-[A-Za-z0-9_-]{20,}/g },
  { name: 'npm-token', regex: /\bnpm_[A-Za-z0-9]{36}\b/g },
  {
    name: 'bearer',
    regex: /\b([Bb]earer)\s+(?!\[REDACTED\])[A-Za-z0-9._~+/=-]{8,}/g,
    replace: (_m, word) => `${word} ${REDACTED}`,
  },
  {
    name: 'secret-assignment',
    // `Authorization: Bearer $TOKEN` names a variable; the scheme word is not the secret.
    regex: new RegExp(
      String.raw`(?<![A-Za-z0-9_.-])(${SECRET_NAME})(["']?)(\s*[=:]\s*)(?!${AUTH_SCHEME}[ \t]+\$)${ASSIGNED_VALUE}`,
      'gi',
    ),
    replace: (match, name, quote, sep, value) =>
      isSecretKey(name) ? `${name}${quote}${sep}${keepQuotes(value)}` : match,
  },
]
