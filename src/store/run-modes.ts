/**
 * A run's own modes beside the global ones (`operator mode … --run NAME`,
 * `operator kill --run NAME`). What holds for a run: observe if the global
 * mode or the run says observe or either kill latch is set; the run's
 * approval mode if it has one, else the global one. The global observe mode
 * and latch therefore cover every run; a run's never reaches another.
 */
import type { Modes } from '../core/records.js'
import type { Db } from './open-database.js'

export interface RunModesRow {
  run_id: string
  safety: 'observe' | 'execute' | null
  approval: 'manual' | 'auto' | null
  kill_latched: number
  updated_at: number
  updated_by: string
}

export function runModesRow(db: Db, runId: string): RunModesRow | undefined {
  return db.prepare('SELECT * FROM run_modes WHERE run_id = ?').get(runId) as RunModesRow | undefined
}

/** Runs whose own kill latch is set, in name order. */
export function latchedRuns(db: Db): string[] {
  const rows = db.prepare('SELECT run_id FROM run_modes WHERE kill_latched = 1 ORDER BY run_id').all()
  return (rows as { run_id: string }[]).map((r) => r.run_id)
}

/** The modes that hold for a run, given the global ones and the run's row. */
export function combine(global: Modes, row: RunModesRow | undefined, runId = row?.run_id): Modes {
  if (runId === undefined) return global
  if (row === undefined) return { ...global, run: { run_id: runId, safety: null, approval: null, kill_latched: false } }
  const latched = global.kill_latched || row.kill_latched === 1
  const later = row.updated_at > global.updated_at
  return {
    safety: global.safety === 'observe' || row.safety === 'observe' || latched ? 'observe' : 'execute',
    approval: row.approval ?? global.approval,
    kill_latched: latched,
    updated_at: later ? row.updated_at : global.updated_at,
    updated_by: later ? row.updated_by : global.updated_by,
    run: {
      run_id: row.run_id,
      safety: row.safety,
      approval: row.approval,
      kill_latched: row.kill_latched === 1,
    },
  }
}

export function writeRunModes(db: Db, row: RunModesRow): void {
  db.prepare(
    `INSERT INTO run_modes (run_id, safety, approval, kill_latched, updated_at, updated_by)
     VALUES (@run_id, @safety, @approval, @kill_latched, @updated_at, @updated_by)
     ON CONFLICT(run_id) DO UPDATE SET safety = @safety, approval = @approval, kill_latched = @kill_latched,
       updated_at = @updated_at, updated_by = @updated_by`,
  ).run(row)
}
