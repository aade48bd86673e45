/**
 * The member runtime of a run, from its record: local processes,
 * containers on the Docker engine the run was started on (found on first
 * use, then reused), so every terminal acts on the same containers, or an
 * attached cluster's members through its runtime adapter.
 */
import { OperatorError } from '../../../src/core/errors.js'
import { requireEngine } from '../../../src/executors/docker/engine.js'
import { adapterOf } from './attached/adapter-of.js'
import { attachedMemberRuntime } from './attached-member-runtime.js'
import { dockerMemberRuntime, type GetEngine, lazyEngine } from './docker/docker-member-runtime.js'
import type { MemberRuntime } from './member-runtime.js'
import { processMemberRuntime } from './process-member-runtime.js'
import type { RunRecord } from './run-records.js'

/**
 * A GetEngine for a run: the engine its record names (tried first, as
 * DOCKER_HOST), and no other: containers are never looked for elsewhere —
 * a docker run's engine, or the one an attached run's containers were found
 * on. For any other run (or none), the engine every command finds.
 */
export function findEngineOnce(run?: RunRecord): GetEngine {
  const host =
    run?.runtime === 'docker'
      ? run.docker.engine_host
      : run?.runtime === 'attached'
        ? run.attach.engine_host
        : undefined
  if (run === undefined || host === undefined) return lazyEngine(() => requireEngine())
  return lazyEngine(async () => {
    const engine = await requireEngine({ ...process.env, DOCKER_HOST: host })
    if (engine.host !== host) {
      throw new OperatorError(
        'config',
        `run ${run.run_id} lives on the Docker engine ${host}, which does not answer (${engine.host} does)`,
        run.runtime === 'attached'
          ? 'start that engine again, or detach the run and attach it again on the engine its containers run on'
          : `start that engine again (\`bash scripts/setup.sh\`), or remove the run's directory under OPERATOR_HOME/runs`,
        { code: 'docker_unavailable' },
      )
    }
    return engine
  })
}

export function memberRuntimeOf(
  home: string,
  run: RunRecord,
  getEngine: GetEngine = findEngineOnce(run),
): MemberRuntime {
  if (run.runtime === 'attached') return attachedMemberRuntime(run, adapterOf(run, getEngine))
  return run.runtime === 'docker' ? dockerMemberRuntime(run, getEngine) : processMemberRuntime(home, run.run_id)
}
