/**
 * Removes everything of one docker run from the engine, found by its labels
 * (operator.managed=true, operator.role=subject, operator.run=<run id>), so
 * it works from any terminal and never touches another run's containers or
 * networks. Containers go first (force: their data is the run's and goes
 * with it), then the networks they were on.
 */
import type { Engine } from '../../../../src/executors/docker/engine.js'
import { LABEL_MANAGED, LABEL_ROLE, LABEL_RUN } from '../../../../src/executors/docker/engine.js'
import { engineFailure, isEngineNotFound } from './engine-errors.js'
import { LABEL_MEMBER } from './names.js'

export interface RemovedRun {
  /** Members whose container was running or paused when removed. */
  stopped: string[]
  containers: string[]
  networks: string[]
}

/** The label filter that selects exactly this run's subject resources. */
export function runFilter(runId: string): { label: string[] } {
  return { label: [`${LABEL_MANAGED}=true`, `${LABEL_ROLE}=subject`, `${LABEL_RUN}=${runId}`] }
}

async function ignoreGone(call: Promise<unknown>): Promise<void> {
  try {
    await call
  } catch (err) {
    if (!isEngineNotFound(err)) throw err
  }
}

export async function removeRun(engine: Engine, runId: string): Promise<RemovedRun> {
  const filters = runFilter(runId)
  try {
    const containers = await engine.docker.listContainers({ all: true, filters })
    await Promise.all(
      containers.map((c) => ignoreGone(engine.docker.getContainer(c.Id).remove({ force: true, v: true }))),
    )
    const networks = await engine.docker.listNetworks({ filters })
    for (const n of networks) await ignoreGone(engine.docker.getNetwork(n.Id).remove())
    const alive = containers.filter((c) => c.State === 'running' || c.State === 'paused')
    return {
      stopped: alive.map((c) => c.Labels[LABEL_MEMBER] ?? c.Names[0]?.replace(/^\//, '') ?? c.Id).sort(),
      containers: containers.map((c) => c.Names[0]?.replace(/^\//, '') ?? c.Id).sort(),
      networks: networks.map((n) => n.Name).sort(),
    }
  } catch (err) {
    throw engineFailure(`could not remove run ${runId} from the engine`, err)
  }
}
