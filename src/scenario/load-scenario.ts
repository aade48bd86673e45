/**
 * Reading scenario files: the text, the check against the static catalogue
 * (after a bounded expansion of its aliases: an alias bomb is a problem of
 * the file), and the listing of a scenarios directory (`operator scenario list`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LineCounter, parseDocument } from 'yaml'
import { errorMessage, OperatorError } from '../core/errors.js'
import { toJsBounded } from '../safety/policy/bounded-yaml.js'
import { checkPolicyText } from '../safety/policy/load-policy.js'
import { staticCatalogues } from './catalogue.js'
import type { ReferenceProblem } from './check-references.js'
import { checkScenarioText, type ScenarioCheck } from './check-text.js'
import type { Scenario } from './schema.js'

export interface LoadedScenario {
  file: string
  text: string
  check: ScenarioCheck
  /** The policy file the scenario names, resolved against the scenario's directory; null when it names none. */
  policy: string | null
}

function policyPath(file: string, s: Scenario): string | null {
  return s.policy === undefined ? null : resolve(dirname(file), s.policy)
}

/** The policy file a scenario names must exist and be a valid policy. */
function checkPolicyFile(file: string, s: Scenario): ReferenceProblem[] {
  const path = policyPath(file, s)
  if (path === null) return []
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    return [
      {
        path: ['policy'],
        message: `cannot read policy ${path}: ${errorMessage(err)}`,
        hint: 'give a path relative to the scenario file',
      },
    ]
  }
  const checked = checkPolicyText(text, path)
  if (checked.ok) return []
  return checked.errors.map((e) => ({
    path: ['policy'],
    message: `policy ${path}${e.line ? `:${e.line}` : ''}: ${e.path}: ${e.message}`,
    hint: `check it with \`operator policy check ${path}\``,
  }))
}

/** A file whose aliases expand too far is refused before anything expands them without a bound. */
function aliasBomb(text: string, file: string): ScenarioCheck | null {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false })
  if (doc.errors.length > 0) return null
  const expanded = toJsBounded(doc, lines)
  if (expanded.ok) return null
  const hint = 'write the values out, or use fewer nested aliases'
  return { ok: false, problems: [{ file, line: expanded.line, path: '(yaml)', message: expanded.message, hint }] }
}

/** Reads and checks a scenario file; its problems (with file, line, path and hint) are in `check`. */
export function readScenario(file: string): LoadedScenario {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new OperatorError(
      'not_found',
      `cannot read scenario ${file}: ${errorMessage(err)}`,
      'check the path; `operator scenario list` shows the shipped ones',
    )
  }
  const check =
    aliasBomb(text, file) ?? checkScenarioText(text, file, staticCatalogues, (s) => checkPolicyFile(file, s))
  return { file, text, check, policy: check.ok ? policyPath(file, check.scenario) : null }
}

/** The shipped scenarios: `scenarios/` at the package root (from src/ or from dist/src/). */
export function bundledScenarioDir(): string {
  const candidates = ['../../scenarios/', '../../../scenarios/'].map((rel) =>
    fileURLToPath(new URL(rel, import.meta.url)),
  )
  return candidates.find((dir) => existsSync(join(dir, '..', 'package.json'))) ?? candidates[0] ?? 'scenarios'
}

/** `./scenarios` when there is one, else the shipped scenarios. */
export function defaultScenarioDir(cwd = process.cwd()): string {
  const local = resolve(cwd, 'scenarios')
  return existsSync(local) ? local : bundledScenarioDir()
}

export interface ScenarioListing {
  file: string
  name: string
  title: string | null
  ok: boolean
  problems: number
}

export function listScenarios(dir: string): ScenarioListing[] {
  let names: string[]
  try {
    names = readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
  } catch (err) {
    throw new OperatorError(
      'not_found',
      `cannot list scenarios in ${dir}: ${errorMessage(err)}`,
      'give the directory with --dir',
    )
  }
  return names.map((name) => {
    const { file, check } = readScenario(join(dir, name))
    return {
      file,
      name: basename(name).replace(/\.ya?ml$/, ''),
      title: check.ok ? check.scenario.title : null,
      ok: check.ok,
      problems: check.ok ? 0 : check.problems.length,
    }
  })
}
