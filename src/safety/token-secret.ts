/**
 * The execution-token signing secret: OPERATOR_TOKEN_SECRET, else a file in
 * OPERATOR_HOME created with mode 0600 on first use. Well-known placeholders
 * and short secrets are refused: without a good secret nothing executes.
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { errorMessage, OperatorError } from '../core/errors.js'

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

export function loadTokenSecret(home: string, env: NodeJS.ProcessEnv = process.env): SecretSource {
  const fromEnv = env.OPERATOR_TOKEN_SECRET
  if (fromEnv !== undefined) {
    const problem = secretProblem(fromEnv)
    if (problem)
      throw new OperatorError(
        'safety',
        `OPERATOR_TOKEN_SECRET is refused: ${problem}`,
        'set it to a long random value, e.g. `openssl rand -hex 32`, or unset it to use a generated file',
      )
    return { secret: fromEnv.trim(), source: 'env', path: null }
  }
  const path = join(home, SECRET_FILE_NAME)
  try {
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' })
    }
  } catch (err) {
    // Another process created it first (flag wx): read theirs.
    if (!existsSync(path))
      throw new OperatorError(
        'safety',
        `cannot create the token secret ${path}: ${errorMessage(err)}`,
        'make OPERATOR_HOME writable or set OPERATOR_TOKEN_SECRET',
      )
  }
  const mode = statSync(path).mode & 0o777
  if (mode & 0o077) {
    chmodSync(path, 0o600)
  }
  const secret = readFileSync(path, 'utf8').trim()
  const problem = secretProblem(secret)
  if (problem)
    throw new OperatorError(
      'safety',
      `token secret ${path} is refused: ${problem}`,
      'delete it to have a new one generated, or set OPERATOR_TOKEN_SECRET',
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
    return { secret: null, problem: errorMessage(err) }
  }
}
