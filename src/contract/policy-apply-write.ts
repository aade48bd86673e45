/**
 * Writing a confirmed policy patch: the file as it is now (or, for a patch
 * of the built-in policy, its rendering and the new file to create), a
 * backup `<file>.bak-<time>` of the old text, and the new text written to a
 * temporary file beside it and moved into place — by rename over an existing
 * file, by link for a new one (never over a file that appeared meanwhile) —
 * inside the caller's audit transaction, so the change and its record go
 * together. On failure the temporary file and the backup are removed.
 */
import { randomBytes } from 'node:crypto'
import {
  constants,
  copyFileSync,
  existsSync,
  linkSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { errorMessage, OperatorError } from '../core/errors.js'
import type { Recommended } from './policy-apply-record.js'
import { builtInPolicyText } from './policy-recommend-yaml.js'

/** Where a patch goes, and the text it applies to. */
export interface Target {
  file: string
  /** Whether `file` is to be created (a patch of the built-in policy). */
  create: boolean
  before: string
  /** How messages name it. */
  label: string
}

/** The file a recommendation is written to, and its text now. */
export function readTarget(rec: Recommended, given: string | undefined): Target {
  if (rec.policy_file === null) {
    if (given === undefined)
      throw new OperatorError(
        'usage',
        `recommendation ${rec.confirmation_id} patches the built-in policy, which has no file to write`,
        `give --policy NEW_FILE: the patched policy is written there, then start agents with --policy NEW_FILE`,
      )
    if (existsSync(given))
      throw new OperatorError(
        'conflict',
        `${given} exists: a patch of the built-in policy is written to a new file only`,
        'give a path that does not exist yet, or run `operator policy recommend PROPOSAL --policy FILE` against that file',
      )
    return { file: given, create: true, before: builtInPolicyText(), label: 'the built-in policy' }
  }
  if (given !== undefined && given !== rec.policy_file)
    throw new OperatorError(
      'usage',
      `recommendation ${rec.confirmation_id} is for ${rec.policy_file}, not ${given}`,
      'drop --policy, or recommend again against that file',
    )
  let before: string
  try {
    before = readFileSync(rec.policy_file, 'utf8')
  } catch (err) {
    throw new OperatorError(
      'config',
      `cannot read policy ${rec.policy_file}: ${errorMessage(err)}`,
      'check the file is still there',
    )
  }
  return { file: rec.policy_file, create: false, before, label: `policy ${rec.policy_file}` }
}

const stamp = (now: number) => new Date(now).toISOString().replace(/[-:]/g, '')

/**
 * Backs up the target, writes `text` beside it, and calls `record` with the
 * backup path and the move that puts the text in place: `record` runs that
 * move inside its transaction and returns the audit seq.
 */
export function commitPolicyFile(
  target: Target,
  text: string,
  now: number,
  record: (backup: string | null, install: () => void) => number,
): { path: string | null; seq: number } {
  const backup = target.create ? null : `${target.file}.bak-${stamp(now)}`
  const temp = `${target.file}.tmp-${process.pid}-${randomBytes(3).toString('hex')}`
  const fail = (err: unknown) =>
    new OperatorError(
      'config',
      `cannot write policy ${target.file}: ${errorMessage(err)}`,
      'check the directory is writable',
    )
  try {
    if (backup) copyFileSync(target.file, backup, constants.COPYFILE_EXCL)
    const mode = target.create ? 0o644 : statSync(target.file).mode & 0o777
    writeFileSync(temp, text, { mode, flag: 'wx' })
  } catch (err) {
    rmSync(temp, { force: true })
    if (backup) rmSync(backup, { force: true })
    throw fail(err)
  }
  let installed = false
  try {
    const seq = record(backup, () => {
      if (target.create) linkSync(temp, target.file)
      else renameSync(temp, target.file)
      installed = true
    })
    return { path: backup, seq }
  } catch (err) {
    // Not recorded, so not changed: put the old text back if the move was made before the failure.
    if (installed && backup) copyFileSync(backup, target.file)
    else if (installed) rmSync(target.file, { force: true })
    if (backup) rmSync(backup, { force: true })
    throw err instanceof OperatorError ? err : fail(err)
  } finally {
    rmSync(temp, { force: true })
  }
}
