/**
 * A parsed YAML document to plain values with alias expansion bounded, so a
 * file of nested aliases ("billion laughs") is a problem of that file with a
 * line, not a crash or an exhausted heap. Used for policy and scenario files.
 */
import { type Document, isAlias, type LineCounter, visit } from 'yaml'

/** The most alias expansions a policy or scenario file may make (counted as the yaml library counts them). */
export const MAX_YAML_ALIASES = 100

/** The plain value, or the line of the first alias and why expansion stopped. */
export type Expanded = { ok: true; value: unknown } | { ok: false; line: number | null; message: string }

/** The document's value, or where the first alias is and why it was refused. */
export function toJsBounded(doc: Document, lines: LineCounter): Expanded {
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) }
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err
    let offset: number | undefined
    visit(doc, (_key, node) => {
      if (!isAlias(node)) return undefined
      offset = node.range?.[0]
      return visit.BREAK
    })
    const bomb = /excessive alias count/i.test(err.message)
    return {
      ok: false,
      line: offset === undefined ? null : lines.linePos(offset).line,
      message: bomb
        ? `its aliases expand too far (more than ${MAX_YAML_ALIASES} alias expansions, as in a YAML alias bomb)`
        : err.message,
    }
  }
}
