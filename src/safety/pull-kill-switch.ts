/**
 * The whole kill switch, as `operator kill` and the TUI's `K` run it. First
 * what needs no write lock: a signal to every running agent (each aborts its
 * task in flight at once) and, at the same time, SIGKILL to every action
 * container of this database's runs. Once those kills are on their way to
 * the engine (a short, bounded wait), the database transaction (observe mode
 * latched, pending proposals cancelled) — it holds this process's thread, so
 * the engine kills while the database latches — retried with progress for
 * as long as another process holds the write lock; then a second nudge to
 * the agents, which now find the latch at once, and their acknowledgements
 * (tasks aborted), collected for a bounded time as the database shows them.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { ContainerKillReport, KillReport } from '../core/kill-report.js'
import type { Store } from '../store/store.js'
import { untilDatabaseShows } from './await-database.js'
import { engageKillSwitch } from './kill-switch.js'
import { retryWhileBusy } from './retry-busy.js'
import { signalAgents } from './signal-agents.js'

/** The signal `operator kill` sends agents as a nudge; the database latch decides. */
export const KILL_NUDGE_SIGNAL = 'SIGUSR2'

/**
 * The container half under way: its report to come and, when it can tell,
 * `sent`: every kill on its way to the engine (killActionContainers says so).
 */
export type ContainerKill = Promise<ContainerKillReport> & { sent?: Promise<void> }

/** Agents of other hosts whose heartbeat is older than this are not waited for. */
const REMOTE_STALE_MS = 15_000

/** The longest the latch waits for the container kills to be sent: a hung engine delays it no more than this. */
export const SEND_WAIT_MS = 100

export interface KillSwitchOptions {
  /**
   * Kills every live action container of these runs (the Docker half, from the
   * executors: killActionContainers). Bounded by itself, so a dead or hung
   * engine cannot hold the kill switch.
   */
  killContainers: (runIds: string[]) => ContainerKill
  /** Lines for people while the database is busy. */
  onProgress?: (line: string) => void
  /** Stops waiting for a busy database (Ctrl-C): the latch is then not recorded, and the error says so. */
  signal?: AbortSignal
  /**
   * One run only (`operator kill --run`): its latch, proposals, tokens and
   * action containers, and its agents. Those are nudged once the latch is
   * recorded, not before: an agent process may hold several runs, and each
   * of its agents tells from the database whether the kill is its own.
   */
  runId?: string
}

export async function pullKillSwitch(
  store: Store,
  actor: string,
  waitMs: number,
  options: KillSwitchOptions,
): Promise<KillReport> {
  const started = performance.now()
  // Reads only (a WAL reader never waits for a writer): nothing here depends on the write lock.
  const { runId } = options
  const agents = store.unstoppedAgents().filter((a) => runId === undefined || a.run_id === runId)
  const signalled = runId === undefined ? signalAgents(agents, KILL_NUDGE_SIGNAL) : agents
  const containers = options.killContainers(runId === undefined ? store.runIds() : [runId])
  // A half that cannot say when its kills are out is not waited for: the latch goes first, as it always did.
  if (containers.sent !== undefined)
    await Promise.race([containers.sent, sleep(SEND_WAIT_MS, undefined, { ref: false })])
  const retry = {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  }
  const latched = await retryWhileBusy(
    store,
    'kill switch',
    () => engageKillSwitch(store.db, actor, Date.now(), runId),
    retry,
  )
  const record = latched.value
  // Each agent checks the database when nudged: nudged again now, it finds the latch without waiting for its poll.
  const nudged = signalAgents(signalled, KILL_NUDGE_SIGNAL)
  // Agents of other hosts (a shared PostgreSQL store) were told by the latch's NOTIFY: their acks count too.
  const remote = store
    .remoteAgents(Date.now() - REMOTE_STALE_MS)
    .filter((a) => runId === undefined || a.run_id === runId)
  const ids = new Set([...(runId === undefined ? signalled : nudged), ...remote].map((a) => a.id))
  const acknowledgements = () =>
    store.events({ afterSeq: record.seq, types: ['agent.kill_ack'] }).filter((e) => ids.has(String(e.payload.agent_id)))
  let acks: ReturnType<typeof acknowledgements> = []
  await untilDatabaseShows(
    store.db.name,
    () => {
      acks = acknowledgements()
      return acks.length >= ids.size
    },
    waitMs,
  )
  const killed = await containers
  const recordContainers = () =>
    store.append({
      run_id: runId ?? null,
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
    run_id: runId ?? null,
    latch_attempts: latched.attempts,
    elapsed_ms: Math.round(performance.now() - started),
  }
}
