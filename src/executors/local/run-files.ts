/**
 * What every subject's run files share: run ids that are safe path segments,
 * validated JSON records, and the current-run pointer file (one per subject)
 * that lets any terminal act on the run.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { z } from 'zod'
import { errorMessage, OperatorError } from '../../core/errors.js'
import { writeTextAtomic } from './atomic-json.js'

/** Run ids become path segments: refuse anything that could leave `<home>/runs/`. */
export function isValidRunId(runId: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(runId) && !runId.includes('..')
}

/**
 * A named run starts beside the others (`cluster up --name`), under a name
 * no run has used in this home: the audit log keeps run ids apart.
 */
export function refuseTakenRunName(home: string, name: string): void {
  if (!isValidRunId(name))
    throw new OperatorError(
      'usage',
      `--name "${name}" is not a run name`,
      'start with a letter or digit; then letters, digits, dots, dashes, underscores',
    )
  if (runNameTaken(home, name))
    throw new OperatorError('conflict', `a run named ${name} already exists under ${home}`, 'pick another --name')
}

/** Whether a run of that name was ever started (or attached) under the home. */
export function runNameTaken(home: string, name: string): boolean {
  return existsSync(join(home, 'runs', name))
}

/** A record read back and validated; unreadable or invalid is a subject error with `fix`. */
export function readJsonRecord<T>(path: string, schema: z.ZodType<T>, what: string, fix: string): T {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new OperatorError('subject', `cannot read ${what} ${path}: ${errorMessage(err)}`, fix)
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
    throw new OperatorError('subject', `${what} ${path} is invalid: ${issues}`, fix)
  }
  return parsed.data
}

/** The run a pointer file names, or null when none (or not a valid id) is recorded. */
export function readRunPointer(path: string): string | null {
  try {
    const id = readFileSync(path, 'utf8').trim()
    return id !== '' && isValidRunId(id) ? id : null
  } catch {
    return null
  }
}

export function writeRunPointer(path: string, runId: string): void {
  writeTextAtomic(path, `${runId}\n`)
}

/** Removes the pointer, but only if it still names this run. */
export function clearRunPointer(path: string, runId: string): void {
  if (readRunPointer(path) === runId) rmSync(path, { force: true })
}
