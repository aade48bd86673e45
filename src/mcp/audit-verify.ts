/**
 * The `audit_verify` tool: the hash chain walked, then held to its head
 * anchor — what `operator audit verify --json` prints. Checking never creates
 * the token secret (a new secret could only call every anchor forged).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { anchorPath } from '../config/home.js'
import { SCHEMA_VERSION } from '../contract/common.js'
import { resolveSigningKey, SECRET_FILE_NAME } from '../safety/token-secret.js'
import { checkHead, type HeadKey } from '../store/verify-head.js'
import type { McpDeps } from './deps.js'

export async function auditVerify(deps: McpDeps) {
  const chain = deps.store.verifyChain()
  const anchor = await checkHead(deps.store.db, anchorPath(deps.store.path, deps.home), anchorKey(deps.home))
  return { schema_version: SCHEMA_VERSION, ...chain, ok: chain.ok && anchor.ok, anchor }
}

function anchorKey(home: string, env: NodeJS.ProcessEnv = process.env): HeadKey {
  const path = join(home, SECRET_FILE_NAME)
  if (env.OPERATOR_TOKEN_SECRET === undefined && !existsSync(path))
    return { secret: null, problem: `OPERATOR_TOKEN_SECRET is unset and ${path} does not exist` }
  return resolveSigningKey(home, env)
}
