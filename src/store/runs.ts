/**
 * The runs this database knows: every run id that brought a cluster up,
 * started an agent or executed a proposal here. The kill switch kills only
 * action containers of these runs, never another database's.
 */
import type { Db } from './open-database.js'

/** Event types that name a run (served by the events(type, ts) index). */
export const RUN_EVENT_TYPES = ['cluster.up', 'agent.started', 'proposal.executing'] as const

export function knownRunIds(db: Db): string[] {
  const marks = RUN_EVENT_TYPES.map(() => '?').join(', ')
  const rows = db
    .prepare(`SELECT DISTINCT run_id FROM events WHERE type IN (${marks}) AND run_id IS NOT NULL ORDER BY run_id`)
    .all(...RUN_EVENT_TYPES) as { run_id: string }[]
  return rows.map((r) => r.run_id)
}
