/**
 * The agent process: registers itself, applies modes from its environment,
 * recovers what agents that are gone left between states (recover.ts), then
 * executes approved plans proposed from outside (run-external.ts) and claims
 * tickets, one task at a time, and remediates them. The kill switch reaches
 * it by signal and by the latch in the database; either aborts the task in
 * flight.
 */
import { randomBytes } from 'node:crypto'
import { errorMessage } from '../core/errors.js'
import type { Ticket } from '../core/records.js'
import { KILL_SWITCH_EVENT } from '../safety/kill-switch.js'
import type { AgentContext } from './context.js'
import { processExists } from './recover.js'
import { workOnce } from './work-once.js'

export interface AgentHandle {
  /** Resolves when the agent has stopped. */
  done: Promise<void>
  /** Called when a kill-switch signal arrives: aborts in-flight work at once, then waits for the latch. */
  onKillNudge(): void
}

/** How often an agent that got the kill switch's signal looks for its latch in the database. */
const KILL_POLL_MS = 100

export function newAgentId(): string {
  return `agent-${process.pid}-${randomBytes(2).toString('hex')}`
}

export function startAgent(ctx: AgentContext, stop: AbortSignal): AgentHandle {
  let task: AbortController | null = null
  let killSeqHandled = 0
  /** When a kill-switch signal arrived that the database has not yet caught up with; null: none pending. */
  let nudgedAt: number | null = null
  /** Tasks aborted by signals, not yet acknowledged in the database. */
  let abortedBySignal = 0
  let fastPoll: ReturnType<typeof setInterval> | null = null

  const abortTask = (why: string): number => {
    if (!task || task.signal.aborted) return 0
    task.abort(new Error(why))
    return 1
  }

  /** Acknowledges a kill switch recorded in the database (once per kill), aborting what still runs. */
  const acknowledgeKill = (): void => {
    const modes = ctx.store.modes(ctx.subject.run_id)
    if (nudgedAt !== null && (modes.kill_latched || modes.updated_at >= nudgedAt)) stopFastPoll()
    if (!modes.kill_latched) return
    const kill = latestKill(ctx, true)
    if (!kill || kill.seq <= killSeqHandled) return
    killSeqHandled = kill.seq
    const aborted = abortTask('kill switch') + abortedBySignal
    abortedBySignal = 0
    ctx.store.append({
      run_id: ctx.subject.run_id,
      actor: ctx.agentId,
      type: 'agent.kill_ack',
      payload: { agent_id: ctx.agentId, kill_seq: kill.seq, tasks_aborted: aborted },
    })
    ctx.logger.warn(
      { event: 'agent.kill_ack', kill_seq: kill.seq, tasks_aborted: aborted },
      `kill switch: aborted ${aborted} task(s)`,
    )
  }

  const stopFastPoll = (): void => {
    nudgedAt = null
    if (fastPoll) clearInterval(fastPoll)
    fastPoll = null
  }

  /**
   * The kill switch's signal: abort the task in flight now, without waiting
   * for the database (its write lock may be held elsewhere), and claim
   * nothing new until the database shows the latch or a later mode change.
   */
  const onKillNudge = (): void => {
    // One process may hold agents of several runs: a kill switch already recorded for another run is not ours.
    let last: ReturnType<typeof latestKill>
    try {
      last = latestKill(ctx, false)
    } catch {
      last = undefined // unreadable now: the safe side is to stop
    }
    if (last && last.seq > killSeqHandled && last.run_id !== null && last.run_id !== ctx.subject.run_id) return
    const aborted = abortTask('kill switch (signal)')
    abortedBySignal += aborted
    nudgedAt = ctx.clock.now()
    ctx.logger.warn(
      { event: 'agent.kill_signal', tasks_aborted: aborted },
      `kill switch signal: aborted ${aborted} task(s); claiming nothing until the database shows the latch`,
    )
    if (!fastPoll) fastPoll = setInterval(() => tryAcknowledge(), KILL_POLL_MS)
    tryAcknowledge()
  }

  const tryAcknowledge = (): void => {
    try {
      acknowledgeKill()
    } catch (err) {
      ctx.logger.error({ event: 'agent.error', error: errorMessage(err) }, 'kill switch: database not readable yet')
    }
  }

  /** Runs one task on a held ticket; the kill switch (or the agent stopping) aborts it, an error escalates it. */
  const runTask = async (ticket: Ticket, work: (signal: AbortSignal) => Promise<string>): Promise<void> => {
    task = new AbortController()
    const onStop = () => task?.abort(new Error('agent stopping'))
    stop.addEventListener('abort', onStop, { once: true })
    try {
      const outcome = await work(task.signal)
      ctx.logger.info({ event: 'agent.ticket_done', ticket_id: ticket.id, outcome }, `${ticket.id}: ${outcome}`)
    } catch (err) {
      const aborted = task.signal.aborted
      ctx.logger.warn(
        { event: aborted ? 'agent.task_aborted' : 'agent.error', ticket_id: ticket.id, error: errorMessage(err) },
        aborted ? `${ticket.id}: aborted` : `${ticket.id}: ${errorMessage(err)}`,
      )
      if (!aborted)
        ctx.store.finishTicket(ticket.id, ctx.agentId, 'escalated', `agent error: ${errorMessage(err)}`, 'agent_error')
      else if (!stop.aborted)
        ctx.store.finishTicket(ticket.id, ctx.agentId, 'escalated', 'aborted by the kill switch', 'kill_switch')
    } finally {
      stop.removeEventListener('abort', onStop)
      task = null
    }
  }

  const done = (async () => {
    ctx.store.registerAgent({ id: ctx.agentId, pid: process.pid, subject: ctx.subject.name, runId: ctx.subject.run_id })
    const beat = setInterval(() => {
      try {
        ctx.store.heartbeat(ctx.agentId)
        acknowledgeKill()
      } catch (err) {
        ctx.logger.error({ event: 'agent.error', error: errorMessage(err) }, 'heartbeat failed')
      }
    }, ctx.settings.heartbeatMs)
    // Kill switches engaged before this agent started are history, not news.
    killSeqHandled = latestKill(ctx, true)?.seq ?? 0
    let reason = 'stopped'
    try {
      const modes = ctx.store.modes(ctx.subject.run_id)
      ctx.logger.info(
        {
          event: 'agent.started',
          agent_id: ctx.agentId,
          subject: ctx.subject.name,
          run_id: ctx.subject.run_id,
          modes,
          brain: ctx.brain?.name ?? 'playbook',
          model: ctx.brain?.model ?? null,
        },
        `agent started (${modes.safety}, ${modes.approval}; brain ${ctx.brain?.model ? `${ctx.brain.name} ${ctx.brain.model}` : (ctx.brain?.name ?? 'playbook')})`,
      )
      while (!stop.aborted) {
        if (nudgedAt !== null) {
          // A kill switch is being pulled: nothing new until the database has the latch.
          await ctx.clock.sleep(ctx.settings.pollMs, stop).catch(() => undefined)
          continue
        }
        // Under one process for many runs, a slot bounds how many runs work at once.
        const free = await ctx.slots?.take(stop).catch(() => null)
        if (stop.aborted) {
          free?.()
          break
        }
        const worked = await workOnce(ctx, stop, runTask, deadAgentsHere).finally(() => free?.())
        if (!worked) await ctx.clock.sleep(ctx.settings.pollMs, stop).catch(() => undefined)
      }
    } catch (err) {
      reason = `crashed: ${errorMessage(err)}`
      throw err
    } finally {
      clearInterval(beat)
      stopFastPoll()
      ctx.store.stopAgent(ctx.agentId, ctx.subject.run_id, reason)
      ctx.logger.info({ event: 'agent.stopped', reason }, `agent ${reason}`)
    }
  })()

  return { done, onKillNudge }
}

/** Agents on this host that never recorded a stop and whose process is gone: their claims need not wait out the heartbeat. */
function deadAgentsHere(ctx: AgentContext): string[] {
  return ctx.store
    .unstoppedAgents()
    .filter((a) => a.id !== ctx.agentId && !processExists(a.pid))
    .map((a) => a.id)
}

/** The latest kill switch in the database: of any scope, or only those that cover this agent's run (all, or its own). */
function latestKill(ctx: AgentContext, mine: boolean) {
  const kills = ctx.store.events({ types: [KILL_SWITCH_EVENT] })
  return mine ? kills.filter((e) => e.run_id === null || e.run_id === ctx.subject.run_id).at(-1) : kills.at(-1)
}
