/**
 * `operator kill`: the kill switch. One transaction latches observe mode and
 * cancels every non-terminal proposal; then running agents are signalled and
 * their acknowledgements (tasks aborted) are collected for a short while.
 */
import type { Command } from 'commander'
import { setTimeout as sleep } from 'node:timers/promises'
import { z } from 'zod'
import { engageKillSwitch } from '../safety/kill-switch.js'
import { signalAgents } from '../safety/signal-agents.js'
import { KILL_NUDGE_SIGNAL } from './agent.js'
import { output, parseOptions, withStore } from './context.js'
import { intFrom } from './options.js'

const KillOptions = z.object({ as: z.string().min(1), wait: intFrom(0, 60_000), json: z.boolean().optional() })

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

export function registerKill(program: Command): void {
  program
    .command('kill')
    .description('kill switch: observe mode (latched), cancel every pending proposal, abort agents’ in-flight work')
    .option('--as <name>', 'who pulled it', process.env.USER ?? 'operator')
    .option('--wait <ms>', 'how long to wait for agents to acknowledge', '3000')
    .option('--json', 'print the report as JSON')
    .action(async (raw: unknown) => {
      const o = parseOptions(KillOptions, raw, 'kill')
      const started = performance.now()
      await withStore(async (store) => {
        const record = engageKillSwitch(store.db, o.as, Date.now())
        const signalled = signalAgents(store.unstoppedAgents(), KILL_NUDGE_SIGNAL)
        const ids = new Set(signalled.map((a) => a.id))
        const deadline = performance.now() + o.wait
        let acks = store.events({ afterSeq: record.seq, types: ['agent.kill_ack'] }).filter((e) => ids.has(String(e.payload.agent_id)))
        while (acks.length < ids.size && performance.now() < deadline) {
          await sleep(50)
          acks = store.events({ afterSeq: record.seq, types: ['agent.kill_ack'] }).filter((e) => ids.has(String(e.payload.agent_id)))
        }
        const report: KillReport = {
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
        output(
          o.json,
          report,
          (r) =>
            `kill switch engaged: observe mode latched; ${r.proposals_cancelled} proposal(s) cancelled, ${r.tasks_aborted} task(s) aborted, ` +
            `${r.agents_acknowledged}/${r.agents_signalled} agent(s) acknowledged, ${r.elapsed_ms} ms`,
        )
      })
    })
}
