/** One problem in a scenario file, as `operator scenario validate` prints it. */

export interface ScenarioProblem {
  file: string
  /** 1-based line of the offending node (or its parent when the key is missing); null when unknown. */
  line: number | null
  /** Dotted path to the value, `(root)` or `(yaml)`. */
  path: string
  message: string
  /** What to do about it. */
  hint: string
}

/** `file:line: path: message (hint)`, the one line printed per problem. */
export function formatProblem(p: ScenarioProblem): string {
  return `${p.file}${p.line === null ? '' : `:${p.line}`}: ${p.path}: ${p.message} — ${p.hint}`
}
