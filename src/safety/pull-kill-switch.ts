/**
 * The whole kill switch, as `operator kill` and the TUI's `K` run it: the
 * database transaction (observe mode latched, pending proposals cancelled),
 * then a signal to every running agent, then their acknowledgements (tasks
 * aborted) collected for a bounded time.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { Store } from '../store/store.js'
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
  safety_mode: 'observe'
  kill_latched: true
  elapsed_ms: number
}

export async function pullKillSwitch(store: Store, actor: string, waitMs: number): Promise<KillReport> {
  const started = performance.now()
  const record = engageKillSwitch(store.db, actor, Date.now())
  const signalled = signalAgents(store.unstoppedAgents(), KILL_NUDGE_SIGNAL)
  const ids = new Set(signalled.map((a) => a.id))
  const acknowledgements = () => store.events({ afterSeq: record.seq, types: ['agent.kill_ack'] }).filter((e) => ids.has(String(e.payload.agent_id)))
  const deadline = performance.now() + waitMs
  let acks = acknowledgements()
  while (acks.length < ids.size && performance.now() < deadline) {
    await sleep(50)
    acks = acknowledgements()
  }
  return {
    proposals_cancelled: record.proposals_cancelled,
    proposal_ids: record.proposal_ids,
    tickets_escalated: record.tickets_escalated,
    agents_signalled: ids.size,
    agents_acknowledged: acks.length,
    tasks_aborted: acks.reduce((n, e) => n + Number(e.payload.tasks_aborted ?? 0), 0),
    safety_mode: 'observe',
    kill_latched: true,
    elapsed_ms: Math.round(performance.now() - started),
  }
}

export function describeKillReport(r: KillReport): string {
  return (
    `kill switch engaged: observe mode latched; ${r.proposals_cancelled} proposal(s) cancelled, ${r.tasks_aborted} task(s) aborted, ` +
    `${r.agents_acknowledged}/${r.agents_signalled} agent(s) acknowledged, ${r.elapsed_ms} ms`
  )
}
