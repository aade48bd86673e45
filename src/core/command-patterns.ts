/**
 * Secrets on command lines: the value after a secret-named flag
 * (`--password hunter2`, `"--token", "…"` in a quoted argument list), the
 * password of a curl-style `-u user:pass`, and the password flags of known
 * tools (`mysql -phunter2`, `sshpass -p …`, `redis-cli -a …`).
 * `--password=hunter2` is an assignment, handled in `secret-patterns.ts`.
 * `redact-argv.ts` applies the same rules across the elements of an argument
 * array. Like every pattern, each is tried only where a flag or tool name
 * starts, so it stays linear.
 */
import { ASSIGNED_VALUE, isSecretFlag, keepQuotes, REDACTED, SECRET_NAME, type SecretPattern } from './secret-names.js'

/** A tool whose short flag carries its password. */
export interface ToolPasswordFlag {
  tools: readonly string[]
  flag: string
  /** Whether `-p value` (spaced) is the password too, not only `-pvalue` (glued). */
  spaced: boolean
}

export const TOOL_PASSWORD_FLAGS: readonly ToolPasswordFlag[] = [
  {
    tools: [
      ...['mysql', 'mysqldump', 'mysqladmin', 'mysqlimport', 'mysqlcheck', 'mysqlshow', 'mysqlpump'],
      ...['mariadb', 'mariadb-dump', 'mariadb-admin'],
    ],
    flag: '-p',
    // `-p value` prompts for the password; `value` is the database.
    spaced: false,
  },
  { tools: ['sshpass'], flag: '-p', spaced: true },
  { tools: ['redis-cli'], flag: '-a', spaced: true },
]

/** The rule for a command word (`mysql`, `/usr/bin/mysql`), if it is a known tool. */
export function toolPasswordFlag(word: string): ToolPasswordFlag | undefined {
  const name = word.slice(word.lastIndexOf('/') + 1)
  return TOOL_PASSWORD_FLAGS.find((t) => t.tools.includes(name))
}

/** `user:pass` after `-u`/`--user`, password cut: not `uid:gid` (`docker run -u 1000:1000`) nor a URL. */
export function cutUserPassword(value: string): string | undefined {
  const m = /^([^\s:]+):(.+)$/s.exec(value)
  if (!m || /^\d+:\d+$/.test(value) || /^\/\/|^\$/.test(m[2] ?? '')) return undefined
  return `${m[1]}:${REDACTED}`
}

/** Between a flag and its value: blanks, or `", "` between two elements of a quoted list. */
const ARG_SEP = String.raw`[ \t]+|"\s*,\s*(?=")|'\s*,\s*(?=')`
/** Not a value: another flag, a `=`, a redirection, or a shell variable (a reference, not a credential). */
const NOT_A_VALUE = '(?!["\']?[-$<>|&;=])'
/** A bare value ends where an assignment's would. */
const BARE = String.raw`[^\s"',;&)}\]]`

const TOOL_NAMES = TOOL_PASSWORD_FLAGS.flatMap((t) => t.tools)
  .sort((a, b) => b.length - a.length)
  .join('|')
const toolWord = (names: string) => String.raw`(?<![\w.-])(?:${names})(?![\w.-])`

/**
 * A tool's name, its command up to its first password flag (the command ends at `;`, `|`, `&`, a
 * newline or the next tool's name), and the flag's value if it has one: glued, or also spaced. Only
 * the first flag: later ones belong to other programs (`sshpass -p … ssh -p 2222`).
 */
function toolPattern(t: ToolPasswordFlag): SecretPattern {
  const sep = t.spaced ? `(?:${ARG_SEP})?` : ''
  // A quote right after the flag and before a blank or comma closes its argument (`"-p", …`).
  const value = String.raw`(?![\s,-]|["'](?:\s|,|$)|["']?\$)${ASSIGNED_VALUE}`
  const command = String.raw`((?:(?!${toolWord(TOOL_NAMES)})[^\n;|&])*?)`
  return {
    name: `tool-password-flag (${t.tools[0]})`,
    regex: new RegExp(
      String.raw`(${toolWord(t.tools.join('|'))})${command}(?<=[\s"'])(${t.flag}${sep})(?:${value})?`,
      'g',
    ),
    replace: (match, tool, before, flag, value) =>
      value === undefined ? match : `${tool}${before}${flag}${keepQuotes(value)}`,
  }
}

export const COMMAND_PATTERNS: readonly SecretPattern[] = [
  {
    name: 'secret-flag',
    regex: new RegExp(String.raw`(?<![\w.-])(--?${SECRET_NAME})(${ARG_SEP})${NOT_A_VALUE}${ASSIGNED_VALUE}`, 'gi'),
    replace: (match, flag, sep, value) => (isSecretFlag(flag) ? `${flag}${sep}${keepQuotes(value)}` : match),
  },
  {
    name: 'user-password',
    // `uid:gid`, URLs (`sqlmap -u https://…`) and shell variables are not passwords.
    regex: new RegExp(
      String.raw`(?<![\w.-])(-u(?:${ARG_SEP})?|--user(?:=|${ARG_SEP}))` +
        String.raw`(?!["']?\d+:\d+(?!${BARE})|["']?[^\s:"']*:(?:\/\/|\$))` +
        String.raw`("[^"\s:]+:[^"\r\n]+"|'[^'\s:]+:[^'\r\n]+'|[^\s:"',;&)}\]]+:(?:\[REDACTED\]|${BARE}+))`,
      'g',
    ),
    replace: (_m, flag, userPass) => {
      const quote = userPass[0] === '"' || userPass[0] === "'" ? userPass[0] : ''
      return `${flag}${userPass.slice(0, userPass.indexOf(':'))}:${REDACTED}${quote}`
    },
  },
  ...TOOL_PASSWORD_FLAGS.map(toolPattern),
]
