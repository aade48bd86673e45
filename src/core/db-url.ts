/** PostgreSQL URLs in OPERATOR_DB: recognised, and shown without their password. */

/** Whether OPERATOR_DB names a PostgreSQL database rather than a SQLite file. */
export function isPgUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value)
}

/** The URL as it may be shown or logged: its password replaced by `***`. */
export function redactDbUrl(value: string): string {
  try {
    const url = new URL(value)
    if (url.password) url.password = '***'
    return url.toString()
  } catch {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]
    return scheme ? `${scheme}://…` : value
  }
}
