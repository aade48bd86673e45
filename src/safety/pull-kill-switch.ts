/**
 * The whole kill switch, as `operator kill` and the TUI's `K` run it. First
 * what needs no write lock: a signal to every running agent (each aborts its
 * task in flight at once) and, at the same time, SIGKILL to every action
 * container of this database's runs. Then the database transaction (observe
 * mode latched, pending proposals cancelled), retried with progress for as
 * long as another process holds the write lock; then the agents'
 * acknowledgements (tasks aborted) collected for a bounded time.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { ContainerKillReport, KillReport } from '../core/kill-report.js'
import type { Store } from '../store/store.js'
import { engageKillSwitch } from './kill-switch.js'
import { retryWhileBusy } from './retry-busy.js'
import { signalAgents } from './signal-agents.js'

/** The signal `operator kill` sends agents as a nudge; the database latch decides. */
export const KILL_NUDGE_SIGNAL = 'SIGUSR2'

export interface KillSwitchOptions {
  /**
   * Kills every live action container of these runs (the Docker half, from the
   * executors: killActionContainers). Bounded by itself, so a dead or hung
   * engine cannot hold the kill switch.
   */
  killContainers: (runIds: string[]) => Promise<ContainerKillReport>
  /** Lines for people while the database is busy. */
  onProgress?: (line: string) => void
  /** Stops waiting for a busy database (Ctrl-C): the latch is then not recorded, and the error says so. */
  signal?: AbortSignal
}

export async function pullKillSwitch(
  store: Store,
  actor: string,
  waitMs: number,
  options: KillSwitchOptions,
): Promise<KillReport> {
  const started = performance.now()
  // Reads only (a WAL reader never waits for a writer): nothing here depends on the write lock.
  const signalled = signalAgents(store.unstoppedAgents(), KILL_NUDGE_SIGNAL)
  const containers = options.killContainers(store.runIds())
  const retry = {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  }
  const latched = await retryWhileBusy(store, 'kill switch', () => engageKillSwitch(store.db, actor, Date.now()), retry)
  const record = latched.value
  const ids = new Set(signalled.map((a) => a.id))
  const acknowledgements = () =>
    store.events({ afterSeq: record.seq, types: ['agent.kill_ack'] }).filter((e) => ids.has(String(e.payload.agent_id)))
  const deadline = performance.now() + waitMs
  let acks = acknowledgements()
  while (acks.length < ids.size && performance.now() < deadline) {
    await sleep(50)
    acks = acknowledgements()
  }
  const killed = await containers
  const recordContainers = () =>
    store.append({
      run_id: null,
      actor,
      type: 'kill_switch.containers',
      payload: {
        engine: killed.engine,
        containers_killed: killed.containers_killed,
        container_ids: killed.container_ids,
        containers_failed: killed.containers_failed,
        error: killed.error ?? null,
      },
    })
  await retryWhileBusy(store, 'kill switch (container report)', recordContainers, retry)
  return {
    proposals_cancelled: record.proposals_cancelled,
    proposal_ids: record.proposal_ids,
    tickets_escalated: record.tickets_escalated,
    agents_signalled: ids.size,
    agents_acknowledged: acks.length,
    tasks_aborted: acks.reduce((n, e) => n + Number(e.payload.tasks_aborted ?? 0), 0),
    containers_killed: killed.containers_killed,
    containers_failed: killed.containers_failed,
    engine: killed.engine,
    safety_mode: 'observe',
    kill_latched: true,
    latch_attempts: latched.attempts,
    elapsed_ms: Math.round(performance.now() - started),
  }
}
