/**
 * The kill switch, database half: in one transaction latch observe mode,
 * cancel every non-terminal proposal, revoke every live execution token and
 * escalate every ticket in progress.
 * The caller then signals running agents, which abort in-flight work.
 */
import { appendEvent } from '../store/audit-log.js'
import { setModes } from '../store/modes.js'
import type { Db } from '../store/open-database.js'
import { cancelAllNonTerminal } from '../store/proposals.js'
import { escalateAllInProgress } from '../store/tickets.js'
import { writeTx } from '../store/tx.js'
import { revokeTokens } from './tokens.js'

/** The audit event of the kill switch: whoever must stop when it is pulled looks for it. */
export const KILL_SWITCH_EVENT = 'kill_switch.engaged'

export interface KillSwitchRecord {
  /** Seq of the `kill_switch.engaged` event: agents acknowledge after it. */
  seq: number
  proposals_cancelled: number
  proposal_ids: string[]
  tickets_escalated: number
  tokens_revoked: number
}

export function engageKillSwitch(db: Db, actor: string, now: number): KillSwitchRecord {
  return writeTx(db, () => {
    setModes(db, { safety: 'observe', reason: 'kill switch' }, actor, now)
    db.prepare('UPDATE modes SET kill_latched = 1 WHERE id = 1').run()
    const cancelled = cancelAllNonTerminal(db, actor, 'kill switch', now)
    const escalated = escalateAllInProgress(db, 'kill_switch', actor, now)
    const tokensRevoked = revokeTokens(db, 'kill switch', now)
    const event = appendEvent(
      db,
      {
        run_id: null,
        actor,
        type: KILL_SWITCH_EVENT,
        payload: {
          proposals_cancelled: cancelled.length,
          proposal_ids: cancelled.map((p) => p.id),
          tickets_escalated: escalated,
          tokens_revoked: tokensRevoked,
          kill_latched: true,
        },
      },
      now,
    )
    return {
      seq: event.seq,
      proposals_cancelled: cancelled.length,
      proposal_ids: cancelled.map((p) => p.id),
      tickets_escalated: escalated,
      tokens_revoked: tokensRevoked,
    }
  })
}
