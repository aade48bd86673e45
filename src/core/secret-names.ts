/**
 * The secret-name vocabulary shared by every redaction rule: which key,
 * assignment and flag names hold a secret, what an assigned value looks like,
 * and the marker that replaces it. The rules themselves are in
 * `secret-patterns.ts` (values in text) and `command-patterns.ts` (command
 * lines); `redact-argv.ts` applies the flag rules to argument arrays.
 *
 * Decisions worth knowing:
 * - A key is secret when its normalised name *ends* with a secret word, so
 *   `db_password`, `clientSecret`, `X-Auth-Token` are secret while
 *   `tokens_revoked`, `token_id`, `token_count`, `max_tokens`, `secret_name`,
 *   `content_hash`, `prev_hash`, `policy_digest` are not.
 * - A token's *id* is not a secret: it names a token and grants nothing. A
 *   token's *signature* is: an execution token's HMAC is its bearer proof, so
 *   `signature`, `token_signature` and `sig` are secret keys. (Audit packages
 *   carry the signature on purpose, outside redaction; see src/audit/.)
 * - `pass`, `pwd` and `sig` are too short to be suffixes (`bypass`, `OLDPWD`):
 *   they count only as a word of their own (`db_pass`, `dbPass`, `pass`,
 *   `MYSQL_PWD`, `sig`). `pwd` alone is not secret: `PWD` is the working
 *   directory.
 */

export const REDACTED = '[REDACTED]'

/** A value replacement: the whole match becomes REDACTED unless `replace` says otherwise. */
export interface SecretPattern {
  name: string
  regex: RegExp
  replace?: (match: string, ...groups: string[]) => string
}

/** Normalised key suffixes whose values are always secret. */
const SECRET_KEY_SUFFIXES = [
  'password',
  'passwd',
  'passphrase',
  'storepass',
  'keypass',
  'sshpass',
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

/** The short words, after a separator or at the start (`pwd` only after one), or after a camel hump. */
const SHORT_WORD = /(?:^|[\s_.-])(?:pass|sig)$|[\s_.-]pwd$/i
const SHORT_WORD_CAMEL = /[a-z0-9](?:Pass|Pwd|Sig)$/

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[\s_.-]/g, '')
}

/** Whether a value stored under this key (or assigned to this name) is a secret. */
export function isSecretKey(key: string): boolean {
  const k = normaliseKey(key)
  return SECRET_KEY_SUFFIXES.some((s) => k.endsWith(s)) || SHORT_WORD.test(key) || SHORT_WORD_CAMEL.test(key)
}

/** Secret-named flags that take no value: they turn a prompt or stdin on or off (`--ask-pass`, `--with-token`). */
const VALUELESS_FLAG = /^--?(?:no|ask|prompt|with)[-_]/i

/** Whether the argument after this one is a secret: `--password`, `--db-pass`, `-storepass`, `--sig`. */
export function isSecretFlag(arg: string): boolean {
  return /^--?[A-Za-z][\w.-]*$/.test(arg) && !VALUELESS_FLAG.test(arg) && isSecretKey(arg.replace(/^--?/, ''))
}

/**
 * Regex source for a name ending in a secret word, the same words as the key list (callers confirm
 * with `isSecretKey`). Callers anchor it with a `(?<![\w.-])` lookbehind, so it is tried once per run
 * of name characters and the lazy prefix scans that run once: linear.
 */
export const SECRET_NAME =
  '[A-Za-z0-9_.-]*?(?:pass(?:word|wd|phrase)?|pwd|sig(?:nature)?|secret(?:[_.-]?key)?|token|api[_.-]?key|auth(?:orization)?|bearer|jwt|private[_.-]?key|access[_.-]?key|credentials?|cookie|session[_.-]?(?:id|key))'

/** A value: quoted (kept quoted), an earlier redaction (left alone), or a run of non-separator characters. */
export const ASSIGNED_VALUE = String.raw`("(?:[^"\\\r\n]|\\.)*"|'[^'\r\n]*'|\[REDACTED\]|[^\s"',;&)}\]]+)`

/** REDACTED in place of a value, inside the value's quotes if it had them. */
export function keepQuotes(value: string): string {
  const q = value[0]
  return (q === '"' || q === "'") && value.length >= 2 ? `${q}${REDACTED}${q}` : REDACTED
}
