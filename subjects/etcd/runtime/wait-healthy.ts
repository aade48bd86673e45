/**
 * Waits, bounded, until every member of a starting run is up and healthy
 * with a leader, through the member runtime (so it serves either runtime).
 * A member that exits, or a cluster still unhealthy at the deadline, fails
 * in one line that names each bad member with the last line of its log.
 */
import type { Clock } from '../../../src/core/clock.js'
import { OperatorError } from '../../../src/core/errors.js'
import type { MemberClients } from '../clients.js'
import { STARTUP_TIMEOUT_MS } from '../defaults.js'
import type { EtcdObservation } from '../observation.js'
import { createObserver } from '../observe.js'
import type { MemberRuntime } from './member-runtime.js'
import type { RunRecord } from './run-records.js'

export interface WaitDeps {
  clock: Clock
  log: (message: string, fields?: Record<string, unknown>) => void
}

async function describeMember(obs: EtcdObservation, name: string, runtime: MemberRuntime): Promise<string> {
  const m = obs.members.find((x) => x.name === name)
  const state =
    m === undefined
      ? 'unknown'
      : m.state === 'up'
        ? m.healthy
          ? 'healthy'
          : `unhealthy (${m.health_error ?? ''})`
        : `${m.state}, process ${m.process}`
  const tail = await runtime.logTail(name)
  return `${name} ${state}${tail !== '' ? ` — log: ${tail}` : ''}`
}

/** Where a person finds the logs: of one member (the one that exited), or of the whole cluster (null). */
export type LogHint = (member: string | null) => string

/** Resolves once healthy with a leader; `where` tells a person where the logs are. */
export async function waitUntilHealthy(
  run: RunRecord,
  clients: MemberClients,
  runtime: MemberRuntime,
  signal: AbortSignal,
  deps: WaitDeps,
  where: LogHint,
): Promise<void> {
  const observe = createObserver({
    runId: run.run_id,
    preferred: run.preferred,
    quotaBytes: run.quota_bytes,
    clients,
    processState: (name) => runtime.view(name),
    clock: deps.clock,
    log: deps.log,
  })
  const until = deps.clock.now() + STARTUP_TIMEOUT_MS
  for (;;) {
    const obs = await observe(signal)
    if (obs.leader !== null && obs.members.every((m) => m.state === 'up' && m.healthy)) return
    const exited = obs.members.find((m) => m.process === 'exited')
    if (exited !== undefined) {
      throw new OperatorError(
        'subject',
        `etcd member ${exited.name} exited during startup: ${await describeMember(obs, exited.name, runtime)}`,
        where(exited.name),
      )
    }
    if (deps.clock.now() >= until) {
      const bad = await Promise.all(
        obs.members.filter((m) => m.state !== 'up' || !m.healthy).map((m) => describeMember(obs, m.name, runtime)),
      )
      throw new OperatorError(
        'subject',
        `etcd cluster ${run.run_id} not healthy after ${STARTUP_TIMEOUT_MS / 1000} s: ${bad.length > 0 ? bad.join('; ') : 'no leader'}`,
        where(null),
      )
    }
    await deps.clock.sleep(200, signal)
  }
}
