/**
 * `operator fault NAME --run R` for a run of another host: asked for in the
 * database and injected by the monitor of the host that runs R (a fault acts
 * on its members' processes); this command waits for the outcome and prints
 * it as it would a local fault, or says in one line why it did not happen.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { OperatorError } from '../core/errors.js'
import type { FaultResult, SubjectModule } from '../core/subject.js'
import type { RegisteredRun } from '../store/cluster-runs.js'
import type { Store } from '../store/store.js'

/** How long the asker waits for the run's monitor to take and inject the fault. */
export const REMOTE_FAULT_WAIT_MS = 30_000

export async function faultElsewhere(
  store: Store,
  mod: SubjectModule,
  run: RegisteredRun,
  f: { name: string; target: string | undefined; by: string },
): Promise<FaultResult & { host: string; request_id: string }> {
  const entry = mod.faultMenu.find((e) => e.name === f.name)
  if (!entry)
    throw new OperatorError(
      'usage',
      `unknown fault "${f.name}" for ${mod.name}`,
      `use one of: ${mod.faultMenu.map((e) => e.name).join(', ')}`,
    )
  if (entry.targeted && f.target === undefined)
    throw new OperatorError(
      'usage',
      `fault ${f.name} needs a target`,
      'add --target MEMBER, --target leader or --target follower',
    )
  const asked = store.requestFault({ runId: run.id, fault: f.name, target: f.target ?? null, by: f.by })
  const deadline = Date.now() + REMOTE_FAULT_WAIT_MS
  for (;;) {
    const now = store.faultRequest(asked.id)
    if (now && now.status !== 'pending' && now.status !== 'taken') {
      const result = now.result ?? {}
      if (now.status === 'done') return { ...(result as unknown as FaultResult), host: run.host, request_id: asked.id }
      throw new OperatorError(
        'conflict',
        `fault ${f.name} on run ${run.id} was ${now.status} on host ${run.host}: ${String(result.error ?? 'no reason given')}`,
        now.status === 'refused' ? 'see `operator explain` for the run' : `look at the monitor on ${run.host}`,
      )
    }
    if (Date.now() > deadline && now?.status === 'pending') {
      store.finishFault(asked.id, 'cancelled', { fault: f.name, error: 'no monitor took it in time' }, f.by)
      throw new OperatorError(
        'cluster_unreachable',
        `no monitor on host ${run.host} took fault request ${asked.id} within ${REMOTE_FAULT_WAIT_MS / 1000} s`,
        `start \`operator monitor --runs all\` on ${run.host}, or run the fault there`,
      )
    }
    await sleep(100)
  }
}
