/**
 * The end of a run (a scenario's, the demo's, a supervised test's): what of
 * it has not started never will — its agents are stopped and its cluster is
 * about to go. Every proposal of the run still proposed, validated, awaiting
 * approval or approved is cancelled with the reason "run ended", each with
 * its `proposal.cancelled` event, and its live tokens are revoked, in one
 * transaction. What started keeps its state and result. Tickets are left as
 * they are: they describe a cluster that is gone, and no agent of another run
 * claims them.
 */
import type { Proposal } from '../core/records.js'
import { cancelNotStarted } from '../store/proposal-sweeps.js'
import type { Store } from '../store/store.js'
import { writeTx } from '../store/tx.js'
import { revokeTokens } from './tokens.js'

/** The reason every proposal cancelled at the end of its run carries. */
export const RUN_ENDED = 'run ended'

/** Cancels the run's proposals that have not started (see above); returns them, oldest first. */
export function cancelUnstartedOfRun(store: Store, runId: string, actor: string): Proposal[] {
  const now = store.clock.now()
  return writeTx(store.db, () => {
    const cancelled = cancelNotStarted(store.db, actor, RUN_ENDED, now, runId)
    for (const p of cancelled) revokeTokens(store.db, RUN_ENDED, now, p.id)
    return cancelled
  })
}
