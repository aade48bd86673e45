/**
 * The secret that keys the audit head anchor, for checking only: the
 * token-signing secret as resolveSigningKey finds it, but a verify never
 * creates the secret file (a new secret could only call every anchor forged).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { resolveSigningKey, SECRET_FILE_NAME } from '../safety/token-secret.js'
import type { HeadKey } from '../store/verify-head.js'

export function readAnchorSecret(home: string, env: NodeJS.ProcessEnv = process.env): HeadKey {
  const path = join(home, SECRET_FILE_NAME)
  if (env.OPERATOR_TOKEN_SECRET === undefined && !existsSync(path))
    return { secret: null, problem: `OPERATOR_TOKEN_SECRET is unset and ${path} does not exist` }
  return resolveSigningKey(home, env)
}
