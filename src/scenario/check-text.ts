/**
 * Scenario text → a Scenario or every problem in it, each with its line,
 * path, message and a hint: YAML syntax first, then the schema, then the
 * references to the subject (faults, actions, invariants, members). Pure:
 * the subject catalogue comes from the caller.
 */

import { type Document, LineCounter, parseDocument } from 'yaml'
import type { z } from 'zod'
import type { ReferenceProblem, SubjectCatalogue } from './check-references.js'
import { checkReferences } from './check-references.js'
import type { ScenarioProblem } from './problem.js'
import { EXPECTATION_KEYS, type Scenario, ScenarioFile } from './schema.js'

export type ScenarioCheck = { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] }

export interface CatalogueSource {
  /** The catalogue of a subject by name; null when there is no such subject. */
  catalogue(subject: string): SubjectCatalogue | null
  subjects: readonly string[]
}

type Path = (string | number)[]

const SCHEMA_HINT = 'see src/scenario/scenario.schema.json and the files in scenarios/'

/** Hints by the kind of schema problem. */
function hintFor(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'unrecognized_keys') return `remove it or check its spelling (${SCHEMA_HINT})`
  if (issue.code === 'invalid_type' && input === undefined)
    return `add ${String(issue.path.at(-1) ?? 'it')}: it is required`
  if (issue.path.at(-1) === 'invariants') return 'write all, or a list of invariant ids'
  return SCHEMA_HINT
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<PropertyKey, unknown>)[key]
  }
  return v
}

/**
 * The issues to report. An expectation that matches no kind comes back from
 * zod as one union issue with the errors of every kind: report those of the
 * kind its key names, or say which keys an expectation can have.
 */
function flatten(issues: readonly z.core.$ZodIssue[], root: unknown): { path: Path; message: string; hint: string }[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)))
    if (issue.code === 'invalid_union' && path[0] === 'expect' && path.length === 2) {
      const item = valueAt(root, issue.path)
      const present = item !== null && typeof item === 'object' ? EXPECTATION_KEYS.filter((k) => k in item) : []
      const branch = present.length === 1 ? issue.errors[EXPECTATION_KEYS.indexOf(present[0] ?? 'ticket')] : undefined
      if (branch === undefined) {
        return [
          {
            path,
            message: `an expectation needs exactly one of ${EXPECTATION_KEYS.join(', ')}`,
            hint: 'e.g. { ticket: members_healthy, within: 30s } or { steady_state_within: 60s }',
          },
        ]
      }
      return flatten(
        branch.map((b) => ({ ...b, path: [...issue.path, ...b.path] })),
        root,
      )
    }
    // One problem per unknown key, at the key's own line.
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `unknown key "${key}"`,
        hint: hintFor(issue, undefined),
      }))
    const value = valueAt(root, issue.path)
    const message =
      issue.code === 'invalid_type' && value === undefined ? `missing (${issue.expected} required)` : issue.message
    return [{ path, message, hint: hintFor(issue, value) }]
  })
}

function locator(doc: Document, lines: LineCounter): (path: Path) => number | null {
  return (path) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined
      const offset = node?.range?.[0]
      if (offset !== undefined) return lines.linePos(offset).line
    }
    return null
  }
}

/** Checks beyond the catalogue (the policy file a scenario names, say). */
export type ExtraCheck = (scenario: Scenario) => ReferenceProblem[]

export function checkScenarioText(
  text: string,
  file: string,
  source: CatalogueSource,
  extra: ExtraCheck = () => [],
): ScenarioCheck {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false })
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        file,
        line: lines.linePos(e.pos[0]).line,
        path: '(yaml)',
        message: e.message.split('\n')[0] ?? e.message,
        hint: 'fix the YAML syntax (indentation, quotes, colons)',
      })),
    }
  }
  const root: unknown = doc.toJS()
  const lineOf = locator(doc, lines)
  const toProblem = (p: ReferenceProblem): ScenarioProblem => ({
    file,
    line: lineOf(p.path),
    path: p.path.length ? p.path.join('.') : '(root)',
    message: p.message,
    hint: p.hint,
  })
  const parsed = ScenarioFile.safeParse(root)
  if (!parsed.success) return { ok: false, problems: flatten(parsed.error.issues, root).map(toProblem) }
  const problems = [
    ...checkReferences(parsed.data, source.catalogue(parsed.data.subject), source.subjects),
    ...extra(parsed.data),
  ].map(toProblem)
  return problems.length > 0 ? { ok: false, problems } : { ok: true, scenario: parsed.data }
}

/** The same reference check against another catalogue (the opened subject's), with lines from the file's text. */
export function recheckReferences(
  text: string,
  file: string,
  scenario: Scenario,
  cat: SubjectCatalogue,
): ScenarioProblem[] {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false })
  const lineOf = locator(doc, lines)
  return checkReferences(scenario, cat, [cat.subject]).map((p) => ({
    file,
    line: lineOf(p.path),
    path: p.path.length ? p.path.join('.') : '(root)',
    message: p.message,
    hint: p.hint,
  }))
}
