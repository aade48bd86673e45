/** Doctor check for the Docker engine, found the way every command finds it (probeEngine). */
import type { z } from 'zod'
import { errorMessage, isOperatorError } from '../core/errors.js'
import { probeEngine } from '../executors/docker/engine.js'
import type { DockerCheck } from './report-schema.js'

const DOCKER_FIX = 'run `bash scripts/setup.sh` (it installs docker.io and starts dockerd) or set DOCKER_HOST'

export async function checkDocker(
  env: NodeJS.ProcessEnv,
  probe: typeof probeEngine = probeEngine,
): Promise<z.infer<typeof DockerCheck>> {
  try {
    const found = await probe(env)
    if (found.ok) return { ok: true, host: found.host, version: found.version }
    return {
      ok: false,
      host: null,
      version: null,
      error: `no Docker engine answers (tried ${found.tried.join(', ')}): ${found.error}`,
      fix: DOCKER_FIX,
    }
  } catch (err) {
    if (isOperatorError(err)) return { ok: false, host: null, version: null, error: err.message, fix: err.fix }
    return { ok: false, host: null, version: null, error: errorMessage(err), fix: DOCKER_FIX }
  }
}
