/**
 * Reading one part of a package that may not match the schema as a whole:
 * each check parses only the parts it needs, so a defect in one part does
 * not stop the checks that do not depend on it.
 */
import type { z } from 'zod'
import type { PartName } from './package-schema.js'

export type PartRead<T> = { ok: true; data: T } | { ok: false; problem: string }

export function field(value: unknown, ...path: string[]): unknown {
  let v = value
  for (const key of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined
    v = (v as Record<string, unknown>)[key]
  }
  return v
}

/** Formats the first zod issues as `path: message`. */
export function formatIssues(error: z.ZodError, prefix = '', max = 3): string {
  const shown = error.issues
    .slice(0, max)
    .map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(root)'}: ${i.message}`)
  const more = error.issues.length > max ? ` (and ${error.issues.length - max} more)` : ''
  return `${shown.join('; ')}${more}`
}

export function readPart<T>(raw: unknown, name: PartName, schema: z.ZodType<T>): PartRead<T> {
  const parsed = schema.safeParse(field(raw, 'parts', name, 'data'))
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, problem: `part ${name} is malformed: ${formatIssues(parsed.error, `parts.${name}.data`)}` }
}
