/**
 * The kill switch, database half: in one transaction latch observe mode,
 * cancel every proposal that has not started, mark the ones executing right
 * now `interrupted`, revoke every live execution token and escalate every
 * ticket in progress. What already ran keeps its outcome: an `executed`
 * proposal stays executed (its agent, or another if it died, verifies it),
 * and an interrupted one's result is still recorded when its action returns.
 * The caller then signals running agents, which abort in-flight work.
 */
import { appendEvent } from '../store/audit-log.js'
import { setModes } from '../store/modes.js'
import type { Db } from '../store/open-database.js'
import { notifyKill } from '../store/pg/kill-channel.js'
import { cancelNotStarted, interruptExecuting } from '../store/proposal-sweeps.js'
import { latchRunInTx } from '../store/set-run-modes.js'
import { escalateAllInProgress } from '../store/tickets.js'
import { writeTx } from '../store/tx.js'
import { revokeRunTokens, revokeTokens } from './tokens.js'

/** The audit event of the kill switch: whoever must stop when it is pulled looks for it. */
export const KILL_SWITCH_EVENT = 'kill_switch.engaged'

export interface KillSwitchRecord {
  /** Seq of the `kill_switch.engaged` event: agents acknowledge after it. */
  seq: number
  proposals_cancelled: number
  proposal_ids: string[]
  /** Proposals that were executing: marked interrupted, not cancelled. */
  interrupted_ids: string[]
  tickets_escalated: number
  tokens_revoked: number
}

/**
 * Engages the kill switch in one write transaction; returns what it cancelled,
 * interrupted, escalated and revoked. With a run, only that run: its own
 * latch, its proposals, tickets and tokens; every other run goes on.
 */
export function engageKillSwitch(db: Db, actor: string, now: number, runId?: string): KillSwitchRecord {
  return writeTx(db, () => {
    if (runId === undefined) {
      setModes(db, { safety: 'observe', reason: 'kill switch' }, actor, now)
      db.prepare('UPDATE modes SET kill_latched = 1 WHERE id = 1').run()
    } else latchRunInTx(db, runId, actor, now)
    const cancelled = cancelNotStarted(db, actor, 'kill switch', now, runId)
    const interrupted = interruptExecuting(db, actor, 'kill switch', now, runId).map((p) => p.id)
    const escalated = escalateAllInProgress(db, 'kill_switch', actor, now, runId)
    const tokensRevoked =
      runId === undefined ? revokeTokens(db, 'kill switch', now) : revokeRunTokens(db, 'kill switch', now, runId)
    const event = appendEvent(
      db,
      {
        run_id: runId ?? null,
        actor,
        type: KILL_SWITCH_EVENT,
        payload: {
          scope: runId === undefined ? 'all' : 'run',
          proposals_cancelled: cancelled.length,
          proposal_ids: cancelled.map((p) => p.id),
          proposals_interrupted: interrupted,
          tickets_escalated: escalated,
          tokens_revoked: tokensRevoked,
          kill_latched: true,
        },
      },
      now,
    )
    notifyKill(db, event.seq, runId ?? null)
    return {
      seq: event.seq,
      proposals_cancelled: cancelled.length,
      proposal_ids: cancelled.map((p) => p.id),
      interrupted_ids: interrupted,
      tickets_escalated: escalated,
      tokens_revoked: tokensRevoked,
    }
  })
}
