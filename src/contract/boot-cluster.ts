/**
 * How `operator boot` looks at the cluster: the current run's members as
 * `operator cluster status` reports them, then one observation summarized
 * as the monitor's headless line. No run, a dead member or an unreachable
 * cluster is a status for the boot, never a crash.
 */
import { systemClock } from '../core/clock.js'
import { errorMessage } from '../core/errors.js'
import { subjectModule } from '../registry/subjects.js'
import type { ClusterObservation } from './boot.js'

export function clusterObserver(
  home: string,
  subjectName = 'etcd',
  timeoutMs = 3000,
): () => Promise<ClusterObservation> {
  return async () => {
    const mod = subjectModule(subjectName)
    const run = mod.currentRun(home)
    if (run === null) return { ok: false, summary: 'no cluster is up (`operator cluster up` starts one)', members: [] }
    const status = await mod.status(home, run)
    const members = status.members.map((m) => ({ name: m.name, state: m.state }))
    const running = members.filter((m) => m.state === 'running').length
    const head = `run ${run} (${status.runtime}): ${running}/${members.length} members running`
    if (running === 0) return { ok: false, summary: head, members }
    const live = await observeOnce(mod, home, run, timeoutMs)
    return { ok: running === members.length && live.ok, summary: `${head}; ${live.text}`, members }
  }
}

async function observeOnce(
  mod: ReturnType<typeof subjectModule>,
  home: string,
  run: string,
  timeoutMs: number,
): Promise<{ ok: boolean; text: string }> {
  try {
    const s = await mod.open(home, run, { clock: systemClock, log: () => undefined })
    try {
      const summary = s.summarize(await s.observe(AbortSignal.timeout(timeoutMs)))
      return { ok: true, text: summary }
    } finally {
      await s.close()
    }
  } catch (err) {
    return { ok: false, text: `observation failed: ${errorMessage(err)}` }
  }
}
