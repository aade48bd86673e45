/**
 * The store's SQL is written once, in the dialect both databases share; this
 * turns its placeholders into PostgreSQL's: `?` into `$1, $2, …` in order and
 * `@name` into one `$n` per name (bound from an object, as better-sqlite3
 * binds them); a placeholder tested with IS NULL is typed as text (PostgreSQL
 * cannot infer it). Quoted text and comments are left alone. The three
 * SQLite functions the store uses are spelled as PostgreSQL spells them.
 */
export interface PgSql {
  text: string
  /** For named placeholders: the name of each `$n`, in order; empty for positional ones. */
  names: string[]
}

const cache = new Map<string, PgSql>()

export function toPgSql(sql: string): PgSql {
  const hit = cache.get(sql)
  if (hit) return hit
  const p = placeholders(sql)
  const out = { text: functions(p.text), names: p.names }
  if (cache.size < 2000) cache.set(sql, out)
  return out
}

const FUNCTIONS: [RegExp, string][] = [
  [/\binstr\(/gi, 'strpos('],
  [/\bjson_extract\((\w+), '\$\.(\w+)'\)/gi, "($1::jsonb ->> '$2')"],
  [/\bjson_each\((\$\d+)\)/gi, 'jsonb_array_elements_text($1::jsonb)'],
]

function functions(text: string): string {
  return FUNCTIONS.reduce((t, [from, to]) => t.replace(from, to), text)
}

function placeholders(sql: string): PgSql {
  let text = ''
  let n = 0
  const names: string[] = []
  let quoted = false
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i] as string
    if (c === "'") quoted = !quoted
    if (!quoted && c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i)
      i = end < 0 ? sql.length : end - 1
      continue
    }
    if (!quoted && c === '?') {
      text += /^\?\s+IS\s+(NOT\s+)?NULL\b/i.test(sql.slice(i, i + 20)) ? `$${++n}::text` : `$${++n}`
      continue
    }
    const name = !quoted && c === '@' ? /^@([a-z_][a-z0-9_]*)/i.exec(sql.slice(i))?.[1] : undefined
    if (name !== undefined) {
      let index = names.indexOf(name)
      if (index < 0) index = names.push(name) - 1
      text += `$${index + 1}`
      i += name.length
      continue
    }
    text += c
  }
  return { text, names }
}

/** The values of one statement's placeholders, positional or named. */
export function bindValues(sql: PgSql, args: readonly unknown[]): unknown[] {
  if (sql.names.length === 0) return args.map(toPgValue)
  const named = (args[0] ?? {}) as Record<string, unknown>
  return sql.names.map((name) => toPgValue(named[name]))
}

function toPgValue(v: unknown): unknown {
  if (v === undefined) return null
  if (typeof v === 'bigint') return v.toString()
  return v
}

/** Whether a statement changes data (and so takes the writers' lock when run on its own). */
export function isWrite(text: string): boolean {
  return /^\s*(INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|WITH\b[\s\S]*\b(INSERT|UPDATE|DELETE)\b)/i.test(text)
}
