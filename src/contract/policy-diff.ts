/**
 * The unified diff a policy recommendation shows and `policy apply` applies:
 * one hunk around the changed lines (a recommendation changes one place of
 * the file), with three lines of context, as `diff -u` and `git apply` read
 * it. Applying checks every context and removed line, so a patch only
 * applies to the text it was made from.
 */
import { OperatorError } from '../core/errors.js'

const CONTEXT = 3
const NO_EOL = '\\ No newline at end of file'

/** The text's lines, each with its newline (the last may have none). */
function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? []
}

/** A line as a diff shows it: without its newline, then the marker when it has none. */
const show = (prefix: string, line: string) =>
  line.endsWith('\n') ? [`${prefix}${line.slice(0, -1)}`] : [`${prefix}${line}`, NO_EOL]

/** `a` → `b` as a unified diff with `a/NAME` and `b/NAME` headers; empty when they are equal. */
export function unifiedDiff(a: string, b: string, name: string): string {
  if (a === b) return ''
  const x = lines(a)
  const y = lines(b)
  let head = 0
  while (head < x.length && head < y.length && x[head] === y[head]) head++
  let tail = 0
  while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++
  const start = Math.max(0, head - CONTEXT)
  const oldEnd = Math.min(x.length, x.length - tail + CONTEXT)
  const newEnd = Math.min(y.length, y.length - tail + CONTEXT)
  const out = [
    ...x.slice(start, head).flatMap((l) => show(' ', l)),
    ...x.slice(head, x.length - tail).flatMap((l) => show('-', l)),
    ...y.slice(head, y.length - tail).flatMap((l) => show('+', l)),
    ...x.slice(x.length - tail, oldEnd).flatMap((l) => show(' ', l)),
  ]
  const range = (from: number, count: number) => `${count === 0 ? from : from + 1},${count}`
  const hunk = `@@ -${range(start, oldEnd - start)} +${range(start, newEnd - start)} @@`
  return [`--- a/${name}`, `+++ b/${name}`, hunk, ...out].join('\n').concat('\n')
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@/

/** The text `diff` turns `text` into; an OperatorError (conflict) when a line it expects is not there. */
export function applyUnifiedDiff(text: string, diff: string): string {
  const src = lines(text)
  const rows = diff.split('\n')
  const out: string[] = []
  let at = 0
  let inHunk = false
  const stale = (line: number) =>
    new OperatorError(
      'conflict',
      `the policy patch does not apply: line ${line + 1} is not what the patch expects`,
      'the file changed since the recommendation; run `operator policy recommend PROPOSAL` again',
    )
  rows.forEach((row, i) => {
    const hunk = HUNK.exec(row)
    if (hunk) {
      const count = hunk[2] === undefined ? 1 : Number(hunk[2])
      const from = count === 0 ? Number(hunk[1]) : Number(hunk[1]) - 1
      if (from < at || from > src.length) throw stale(from)
      out.push(...src.slice(at, from))
      at = from
      inHunk = true
      return
    }
    const op = row[0]
    if (!inHunk || (op !== ' ' && op !== '-' && op !== '+')) return
    const line = row.slice(1) + (rows[i + 1] === NO_EOL ? '' : '\n')
    if (op !== '+') {
      if (src[at] !== line) throw stale(at)
      at++
    }
    if (op !== '-') out.push(line)
  })
  return [...out, ...src.slice(at)].join('')
}
