/**
 * What counts as a secret value in text: credentials with a recognisable
 * shape, `name=value` / `name: value` assignments whose name is a secret
 * (vocabulary in `secret-names.ts`), and command-line secrets
 * (`command-patterns.ts`). Used by `redact.ts`; kept apart so the rules read
 * as one list.
 *
 * Every pattern runs in linear time on any input, because redaction sees
 * untrusted megabytes (container logs): a pattern starts only where its match
 * can (a literal prefix, or a lookbehind that rules out the middle of a run),
 * so no run of characters is rescanned from each of its positions.
 * `redact-linear.test.ts` checks it on worst-case input.
 *
 * Bare high-entropy strings are not redacted: hex digests (sha1, sha256, git
 * commits) look like AWS secret keys, so an AWS secret key is caught only by
 * its name (`aws_secret_access_key=…`).
 */
import { COMMAND_PATTERNS } from './command-patterns.js'
import { ASSIGNED_VALUE, isSecretKey, keepQuotes, REDACTED, SECRET_NAME, type SecretPattern } from './secret-names.js'

export { isSecretKey, REDACTED, type SecretPattern }

/** HTTP authentication schemes: the word before a credential, not a credential. */
const AUTH_SCHEME = '(?:Bearer|Basic|Digest|Token|Negotiate)'

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
    // The scheme is a lookbehind, checked only right after `://`: matching it forwards from every
    // word start of a long `a.b.c…` run rescanned the run each time (quadratic).
    regex: /(?<=\b[a-z][a-z0-9+.-]*:\/\/)([^\s:/?#@[\]]*):([^\s/?#]+)@/gi,
    replace: (_m, user) => `${user}:${REDACTED}@`,
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
  {
    name: 'jwt',
    // `eyJ` at a word start: the start of a run of base64url characters or just after a `-` in it.
    // Tried once per run (lookbehind): the lookahead finds the first `eyJ` and, being atomic, is not
    // retried at the next `-eyJ` when the rest fails, since every later start shares the same run
    // end. Starting at each `-eyJ` of `eyJ-eyJ-…` and scanning to the run end was quadratic.
    regex: /(?<![\w-])(?=((?:[\w-]*?-)??)eyJ)\1eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g,
    replace: (_m, prefix) => `${prefix}${REDACTED}`,
  },
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
  ...COMMAND_PATTERNS,
]
