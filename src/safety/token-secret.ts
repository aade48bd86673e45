/**
 * The execution-token signing secret: OPERATOR_TOKEN_SECRET, else a file in
 * OPERATOR_HOME created with mode 0600 on first use and read only as a
 * regular file of this user (never through a symbolic link). Well-known
 * placeholders and short secrets are refused: without a good secret nothing
 * executes.
 */
import { randomBytes } from 'node:crypto'
import { lstatSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { errorMessage, isOperatorError, OperatorError } from '../core/errors.js'
import { readPrivateFile } from './private-file.js'

export const SECRET_FILE_NAME = 'token.secret'
const MIN_LENGTH = 32
const PLACEHOLDERS = [
  'changeme',
  'change-me',
  'secret',
  'password',
  'test',
  'example',
  'default',
  'operator',
  'xxxxxxxx',
  '00000000',
  '12345678',
  'your-secret',
  'replace-me',
  'todo',
]

export type SecretSource = { secret: string; source: 'env' | 'file'; path: string | null }

/** Why this secret is unacceptable, or null when it is fine. */
export function secretProblem(secret: string): string | null {
  const s = secret.trim()
  if (s.length < MIN_LENGTH) return `it is ${s.length} characters; at least ${MIN_LENGTH} are needed`
  const lower = s.toLowerCase()
  if (PLACEHOLDERS.some((p) => lower.includes(p))) return 'it contains a well-known placeholder'
  if (new Set(s).size < 8) return 'it has too few distinct characters'
  return null
}

/** Creates the secret file (0600, O_EXCL: never through a symbolic link) unless something is at the path already. */
function createSecretFile(path: string): void {
  if (lstatSync(path, { throwIfNoEntry: false })) return
  try {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' })
  } catch (err) {
    // Another process created it first (flag wx): read theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new OperatorError(
        'safety',
        `cannot create the token secret ${path}: ${errorMessage(err)}`,
        'make OPERATOR_HOME writable or set OPERATOR_TOKEN_SECRET',
        { code: 'secret_missing' },
      )
  }
}

/** The secret from OPERATOR_TOKEN_SECRET, else from `token.secret` in `home` (created on first use). */
export function loadTokenSecret(home: string, env: NodeJS.ProcessEnv = process.env): SecretSource {
  const fromEnv = env.OPERATOR_TOKEN_SECRET
  if (fromEnv !== undefined) {
    const problem = secretProblem(fromEnv)
    if (problem)
      throw new OperatorError(
        'safety',
        `OPERATOR_TOKEN_SECRET is refused: ${problem}`,
        'set it to a long random value, e.g. `openssl rand -hex 32`, or unset it to use a generated file',
        { code: 'secret_missing' },
      )
    return { secret: fromEnv.trim(), source: 'env', path: null }
  }
  const path = join(home, SECRET_FILE_NAME)
  createSecretFile(path)
  const secret = readPrivateFile(path, {
    what: 'token secret',
    fix: 'delete it to have a new one generated in its place, or set OPERATOR_TOKEN_SECRET',
    repairMode: true,
  }).trim()
  const problem = secretProblem(secret)
  if (problem)
    throw new OperatorError(
      'safety',
      `token secret ${path} is refused: ${problem}`,
      'delete it to have a new one generated, or set OPERATOR_TOKEN_SECRET',
      { code: 'secret_missing' },
    )
  return { secret, source: 'file', path }
}

/** The signing key for approvals and the gate: never throws; a refused secret becomes the reason nothing executes. */
export function resolveSigningKey(
  home: string,
  env: NodeJS.ProcessEnv = process.env,
): { secret: string } | { secret: null; problem: string } {
  try {
    return { secret: loadTokenSecret(home, env).secret }
  } catch (err) {
    return { secret: null, problem: isOperatorError(err) ? err.oneLine() : errorMessage(err) }
  }
}
