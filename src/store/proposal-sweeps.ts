/**
 * Moves many proposals at once, inside the caller's transaction: what the
 * kill switch and the end of a run do. Only what has not started is
 * cancelled; what is executing right now is marked interrupted; what ran
 * keeps its outcome.
 */
import { NOT_STARTED_STATUSES, type ProposalStatus } from '../core/proposal-machine.js'
import type { Proposal } from '../core/records.js'
import type { Db } from './open-database.js'
import { getProposal, transitionInTx } from './proposals.js'

/** Proposals in `statuses` (of one run's tickets, or of all), oldest first, each with its run. */
function withRun(db: Db, statuses: readonly ProposalStatus[], runId?: string): { p: Proposal; runId: string }[] {
  const marks = statuses.map(() => '?').join(', ')
  const rows = db
    .prepare(
      `SELECT p.id, t.run_id AS ticket_run FROM proposals p JOIN tickets t ON t.id = p.ticket_id
       WHERE p.status IN (${marks}) AND (? IS NULL OR t.run_id = ?) ORDER BY p.n`,
    )
    .all(...statuses, runId ?? null, runId ?? null) as { id: string; ticket_run: string }[]
  return rows.map((row) => ({ p: getProposal(db, row.id), runId: row.ticket_run }))
}

/**
 * Cancels every proposal that has not started (of one run, or of all: the
 * kill switch), inside the caller's transaction, each with its event. What
 * started keeps its outcome: the state machine has no way from it to `cancelled`.
 */
export function cancelNotStarted(db: Db, actor: string, reason: string, now: number, runId?: string): Proposal[] {
  return withRun(db, NOT_STARTED_STATUSES, runId).map(({ p, runId: run }) =>
    transitionInTx(db, p.id, p.version, 'cancelled', { actor, runId: run, reason }, now),
  )
}

/**
 * Marks every proposal executing right now `interrupted` (the kill switch),
 * inside the caller's transaction. Its agent keeps it: the result, when the
 * aborted action returns, is recorded as a late result, and the agent
 * re-verifies it once idle (or another does, should it die).
 */
export function interruptExecuting(db: Db, actor: string, reason: string, now: number, runId?: string): Proposal[] {
  return withRun(db, ['executing'], runId).map(({ p, runId }) =>
    transitionInTx(db, p.id, p.version, 'interrupted', { actor, runId, reason }, now),
  )
}
