/**
 * A policy's text and the patch written into it. The text is the policy
 * file's (or the built-in policy rendered as YAML). A patch is spliced into
 * the text where the rule goes — a new rule, in the file's own indentation,
 * above the comments that introduce the rule it precedes; or one number
 * changed — so comments and layout stay as they were and the diff stays
 * small. A file laid out in a way the splice cannot follow is rewritten
 * through the `yaml` library's document instead (comments kept, layout
 * normalized). Either way the result must parse to the patched policy.
 */
import { readFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { Document, isMap, isSeq, parseDocument, type YAMLMap } from 'yaml'
import { sha256Hex } from '../core/canonical-json.js'
import { errorMessage, OperatorError } from '../core/errors.js'
import { BUILT_IN_POLICY } from '../safety/policy/default-policy.js'
import { checkPolicyText, type LoadedPolicy, policyDigest } from '../safety/policy/load-policy.js'
import { PolicyFile, type Rule } from '../safety/policy/schema.js'
import type { PatchPlan } from './policy-recommend-patch.js'

/** A policy's text and where it lives (`file` null: the built-in policy). */
export interface PolicyText {
  text: string
  file: string | null
  /** The name the diff shows (`a/NAME`). */
  name: string
  digest: string
}

const OPTIONS = { lineWidth: 0 } as const

function flowMatches(doc: Document, path: (string | number)[]): void {
  for (const key of ['match', 'approvers', 'roles']) {
    const node = doc.getIn([...path, key], true)
    if (isMap(node) || isSeq(node)) node.flow = true
  }
}

/** The built-in policy as a policy file. */
export function builtInPolicyText(): string {
  const doc = new Document(BUILT_IN_POLICY)
  doc.commentBefore = " Operator's built-in policy: in force when neither --policy nor OPERATOR_POLICY is given."
  for (let i = 0; i < BUILT_IN_POLICY.rules.length; i++) flowMatches(doc, ['rules', i])
  return doc.toString(OPTIONS)
}

/** The text of the policy in force, checked to be the policy that was loaded. */
export function readPolicyText(loaded: LoadedPolicy): PolicyText {
  if (loaded.source === 'built-in') {
    const text = builtInPolicyText()
    return { text, file: null, name: 'built-in.yaml', digest: sha256Hex(text) }
  }
  const file = resolve(loaded.source)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new OperatorError(
      'config',
      `cannot read policy ${file}: ${errorMessage(err)}`,
      'check --policy or OPERATOR_POLICY',
    )
  }
  const checked = checkPolicyText(text, file)
  if (!checked.ok || checked.loaded.digest !== loaded.digest)
    throw new OperatorError('conflict', `policy ${file} changed while it was read`, 'run the command again')
  return { text, file, name: basename(file), digest: sha256Hex(text) }
}

/** A new rule as the lines of one sequence item, each prefixed with `indent`. */
function ruleLines(rule: Rule, indent: string): string {
  const doc = new Document([rule])
  flowMatches(doc, [0])
  return doc
    .toString(OPTIONS)
    .trimEnd()
    .split('\n')
    .map((l) => `${indent}${l}\n`)
    .join('')
}

/** The patched text by splicing, or null when the file's layout is not one the splice follows. */
function splice(text: string, plan: PatchPlan): string | null {
  const doc = parseDocument(text)
  const rules = doc.get('rules', true)
  if (!isSeq(rules) || rules.flow) return null
  const items = rules.items as YAMLMap[]
  if (plan.change === 'edit_rule') {
    const node = doc.getIn(['rules', plan.index, 'min_approvals'], true) as { range?: number[]; value?: unknown }
    const [start, end] = node?.range ?? []
    if (start === undefined || end === undefined || text.slice(start, end) !== String(node.value)) return null
    return text.slice(0, start) + String(plan.rule.min_approvals) + text.slice(end)
  }
  const first = items[0]?.range?.[0]
  if (first === undefined) return null
  const lineStart = (at: number) => text.lastIndexOf('\n', at - 1) + 1
  const dash = /^(\s*)-\s+$/.exec(text.slice(lineStart(first), first))
  if (!dash) return null
  const lines = ruleLines(plan.rule, dash[1] ?? '')
  const next = items[plan.index]?.range?.[0]
  if (next !== undefined) {
    let at = lineStart(next)
    while (at > 0 && /^\s*#/.test(text.slice(lineStart(at - 1), at - 1))) at = lineStart(at - 1)
    return text.slice(0, at) + lines + text.slice(at)
  }
  const lastEnd = items.at(-1)?.range?.[1]
  if (lastEnd === undefined) return null
  let at = lastEnd
  while (at > 0 && /\s/.test(text[at - 1] ?? '')) at--
  const eol = text.indexOf('\n', at)
  if (eol === -1) return `${text}\n${lines}`
  return text.slice(0, eol + 1) + lines + text.slice(eol + 1)
}

/** The patched text through the yaml document (comments kept, layout normalized). */
function rewrite(text: string, plan: PatchPlan): string {
  const doc = parseDocument(text)
  if (plan.change === 'edit_rule') doc.setIn(['rules', plan.index, 'min_approvals'], plan.rule.min_approvals)
  else {
    const rules = doc.get('rules', true)
    if (!isSeq(rules)) throw new OperatorError('internal', 'policy has no rules sequence', 'report this')
    rules.items.splice(plan.index, 0, doc.createNode(plan.rule))
    flowMatches(doc, ['rules', plan.index])
  }
  return doc.toString(OPTIONS)
}

/** `text` with the plan applied; an OperatorError (internal) if neither way gives the planned policy. */
export function patchPolicyText(text: string, plan: PatchPlan): string {
  const want = policyDigest(PolicyFile.parse(plan.policy))
  const gives = (t: string | null) => {
    const checked = t === null ? null : checkPolicyText(t, 'patched')
    return checked?.ok === true && checked.loaded.digest === want
  }
  const spliced = splice(text, plan)
  if (spliced !== null && gives(spliced)) return spliced
  const rewritten = rewrite(text, plan)
  if (gives(rewritten)) return rewritten
  throw new OperatorError('internal', 'the patched policy text does not parse to the planned policy', 'report this')
}
