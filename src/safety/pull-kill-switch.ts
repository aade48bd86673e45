/**
 * The whole kill switch, as `operator kill` and the TUI's `K` run it: the
 * database transaction (observe mode latched, pending proposals cancelled),
 * then a signal to every running agent and, at the same time, SIGKILL to
 * every action container of this database's runs; then the agents'
 * acknowledgements (tasks aborted) collected for a bounded time.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { EngineGetter } from '../executors/docker/engine.js'
import type { Store } from '../store/store.js'
import { killActionContainers } from './kill-action-containers.js'
import { engageKillSwitch } from './kill-switch.js'
import { signalAgents } from './signal-agents.js'

/** The signal `operator kill` sends agents as a nudge; the database latch decides. */
export const KILL_NUDGE_SIGNAL = 'SIGUSR2'

export interface KillReport {
  proposals_cancelled: number
  proposal_ids: string[]
  tickets_escalated: number
  agents_signalled: number
  agents_acknowledged: number
  tasks_aborted: number
  /** Action containers (sandbox runs, anything an executor started) killed and removed. */
  containers_killed: number
  /** Action containers found but not confirmed gone. */
  containers_failed: number
  /** `unavailable`: no Docker engine answered in time, so no container could be killed. */
  engine: 'ok' | 'unavailable'
  safety_mode: 'observe'
  kill_latched: true
  elapsed_ms: number
}

export interface KillSwitchOptions {
  /** How to reach the Docker engine (default: as every command finds it). */
  getEngine?: EngineGetter
  /** Bound on the engine calls, so a dead or hung engine cannot hold the kill switch. */
  engineTimeoutMs?: number
}

export async function pullKillSwitch(
  store: Store,
  actor: string,
  waitMs: number,
  options: KillSwitchOptions = {},
): Promise<KillReport> {
  const started = performance.now()
  const record = engageKillSwitch(store.db, actor, Date.now())
  const signalled = signalAgents(store.unstoppedAgents(), KILL_NUDGE_SIGNAL)
  const containers = killActionContainers(store.runIds(), {
    ...(options.getEngine ? { getEngine: options.getEngine } : {}),
    ...(options.engineTimeoutMs !== undefined ? { timeoutMs: options.engineTimeoutMs } : {}),
  })
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
    elapsed_ms: Math.round(performance.now() - started),
  }
}

function describeContainers(r: KillReport): string {
  if (r.engine === 'unavailable') return 'no Docker engine answered (no containers killed)'
  const failed = r.containers_failed > 0 ? ` (${r.containers_failed} not confirmed gone)` : ''
  return `${r.containers_killed} action container(s) killed${failed}`
}

export function describeKillReport(r: KillReport): string {
  return (
    `kill switch engaged: observe mode latched; ${r.proposals_cancelled} proposal(s) cancelled, ${describeContainers(r)}, ${r.tasks_aborted} task(s) aborted, ` +
    `${r.agents_acknowledged}/${r.agents_signalled} agent(s) acknowledged, ${r.elapsed_ms} ms`
  )
}
