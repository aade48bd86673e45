/**
 * Reading a file that must stay private to the user running operator (the
 * token secret, an approver's key): opened with O_NOFOLLOW so a symbolic
 * link is never followed, then checked on the open descriptor — a regular
 * file, owned by this user, not readable or writable by group or others.
 */
import { closeSync, constants, fchmodSync, fstatSync, lstatSync, openSync, readFileSync, readlinkSync } from 'node:fs'
import { errorMessage, OperatorError } from '../core/errors.js'

/** How to name a private file in refusals, and whether a loose mode is tightened or refused. */
export interface PrivateFileOptions {
  /** How the file is named in messages, e.g. `token secret`. */
  what: string
  /** The fix given with every refusal. */
  fix: string
  /** Tighten a group- or other-accessible mode to 0600 instead of refusing it. */
  repairMode?: boolean
}

function linkTarget(path: string): string {
  try {
    return readlinkSync(path)
  } catch {
    return '?'
  }
}

/** The file's text, or an OperatorError (safety) naming the path, what is wrong and the fix. */
export function readPrivateFile(path: string, o: PrivateFileOptions): string {
  const refuse = (why: string, fix = o.fix) => new OperatorError('safety', `${o.what} ${path} ${why}: refused`, fix)
  if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink())
    throw refuse(`is a symbolic link (to ${linkTarget(path)})`)
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw refuse('is a symbolic link')
    throw new OperatorError('config', `cannot read ${o.what} ${path}: ${errorMessage(err)}`, o.fix)
  }
  try {
    const st = fstatSync(fd)
    if (!st.isFile()) throw refuse('is not a regular file')
    const me = process.getuid?.()
    if (me !== undefined && st.uid !== me) throw refuse(`is owned by uid ${st.uid}, not by you (uid ${me})`)
    if (st.mode & 0o077) {
      if (!o.repairMode)
        throw refuse(
          `is readable or writable by group or others (mode ${(st.mode & 0o777).toString(8)})`,
          `run \`chmod 600 ${path}\` (and consider who may have read it)`,
        )
      fchmodSync(fd, 0o600)
    }
    return readFileSync(fd, 'utf8')
  } finally {
    closeSync(fd)
  }
}
