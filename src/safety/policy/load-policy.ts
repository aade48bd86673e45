/**
 * Loading a policy: `--policy FILE`, else OPERATOR_POLICY, else the built-in
 * one. YAML errors (an alias bomb included) and schema errors come back as
 * one line naming the file, the line, the path and the fix; the digest
 * identifies the policy that decided (sha256 of its canonical JSON).
 */
import { readFileSync } from 'node:fs'
import { LineCounter, parseDocument } from 'yaml'
import { canonicalJson, sha256Hex } from '../../core/canonical-json.js'
import { errorMessage, OperatorError } from '../../core/errors.js'
import { toJsBounded } from './bounded-yaml.js'
import { BUILT_IN_POLICY } from './default-policy.js'
import { PolicyFile } from './schema.js'

export interface LoadedPolicy {
  policy: PolicyFile
  digest: string
  /** The file path, or `built-in`. */
  source: string
}

export function policyDigest(policy: PolicyFile): string {
  return sha256Hex(canonicalJson(policy))
}

export function builtInPolicy(): LoadedPolicy {
  return { policy: BUILT_IN_POLICY, digest: policyDigest(BUILT_IN_POLICY), source: 'built-in' }
}

export type PolicyCheck =
  | { ok: true; loaded: LoadedPolicy }
  | { ok: false; errors: { line: number | null; path: string; message: string }[]; source: string }

/** Parses and validates policy text; every problem is reported, not just the first. */
export function checkPolicyText(text: string, source: string): PolicyCheck {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false })
  if (doc.errors.length > 0) {
    return {
      ok: false,
      source,
      errors: doc.errors.map((e) => ({
        line: e.linePos?.[0]?.line ?? null,
        path: '(yaml)',
        message: e.message.split('\n')[0] ?? e.message,
      })),
    }
  }
  const expanded = toJsBounded(doc, lines)
  if (!expanded.ok)
    return { ok: false, source, errors: [{ line: expanded.line, path: '(yaml)', message: expanded.message }] }
  const parsed = PolicyFile.safeParse(expanded.value)
  if (!parsed.success) {
    return {
      ok: false,
      source,
      errors: parsed.error.issues.map((issue) => {
        const path = issue.path.map(String)
        const node = doc.getIn(issue.path as (string | number)[], true) as
          | { range?: [number, number, number] }
          | undefined
        const parent = doc.getIn(issue.path.slice(0, -1) as (string | number)[], true) as
          | { range?: [number, number, number] }
          | undefined
        const offset = node?.range?.[0] ?? parent?.range?.[0]
        const hint =
          issue.code === 'unrecognized_keys' ? ' (remove it or check its spelling; see policy.schema.json)' : ''
        return {
          line: offset === undefined ? null : lines.linePos(offset).line,
          path: path.length ? path.join('.') : '(root)',
          message: `${issue.message}${hint}`,
        }
      }),
    }
  }
  return { ok: true, loaded: { policy: parsed.data, digest: policyDigest(parsed.data), source } }
}

export function loadPolicy(path: string | undefined, env: NodeJS.ProcessEnv = process.env): LoadedPolicy {
  const file = path ?? env.OPERATOR_POLICY
  if (!file) return builtInPolicy()
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new OperatorError(
      'config',
      `cannot read policy ${file}: ${errorMessage(err)}`,
      'check the path given with --policy or OPERATOR_POLICY',
      { code: 'policy_invalid' },
    )
  }
  const checked = checkPolicyText(text, file)
  if (!checked.ok) {
    const first = checked.errors[0]
    const more = checked.errors.length > 1 ? ` (+${checked.errors.length - 1} more)` : ''
    throw new OperatorError(
      'config',
      `policy ${file}${first?.line ? `:${first.line}` : ''}: ${first?.path}: ${first?.message}${more}`,
      `fix it and check with \`operator policy check ${file}\``,
      { code: 'policy_invalid' },
    )
  }
  return checked.loaded
}
