/**
 * Changes one run's own modes with a `mode.changed` event on that run. Like
 * the global latch, a run's kill latch is cleared only by an explicit
 * `operator mode execute --run NAME`; asking a run for execute while the
 * global mode is observe records it, and says the global mode still holds.
 */
import type { Modes } from '../core/records.js'
import { appendEvent } from './audit-log.js'
import type { Db } from './open-database.js'
import { combine, type RunModesRow, runModesRow, writeRunModes } from './run-modes.js'

export interface RunModeChange {
  runId: string
  safety?: 'observe' | 'execute'
  approval?: 'manual' | 'auto'
  explicit?: boolean
  reason?: string
}

export interface RunModeResult {
  modes: Modes
  changed: boolean
  refused: string | null
}

/** Inside the caller's write transaction. */
export function setRunModesInTx(db: Db, global: Modes, c: RunModeChange, actor: string, now: number): RunModeResult {
  const before = runModesRow(db, c.runId)
  const row: RunModesRow = {
    run_id: c.runId,
    safety: c.safety ?? before?.safety ?? null,
    approval: c.approval ?? before?.approval ?? null,
    kill_latched: before?.kill_latched ?? 0,
    updated_at: now,
    updated_by: actor,
  }
  let refused: string | null = null
  if (c.safety === 'execute' && row.kill_latched === 1) {
    if (c.explicit) row.kill_latched = 0
    else {
      row.safety = 'observe'
      refused = `the kill switch latched observe mode for run ${c.runId}; only \`operator mode execute --run ${c.runId}\` brings execute mode back`
    }
  }
  if (refused === null && c.safety === 'execute' && global.safety === 'observe')
    refused = `the global mode is observe${global.kill_latched ? ' (kill switch latched)' : ''}: run ${c.runId} executes once \`operator mode execute\` allows it`
  const changed =
    before === undefined ||
    row.safety !== before.safety ||
    row.approval !== before.approval ||
    row.kill_latched !== before.kill_latched
  if (refused)
    appendEvent(
      db,
      { run_id: c.runId, actor, type: 'mode.refused', payload: { requested: c.safety ?? null, reason: refused } },
      now,
    )
  if (changed) {
    writeRunModes(db, row)
    const view = (r: RunModesRow | undefined) =>
      r === undefined ? null : { safety: r.safety, approval: r.approval, kill_latched: r.kill_latched === 1 }
    appendEvent(
      db,
      {
        run_id: c.runId,
        actor,
        type: 'mode.changed',
        payload: { scope: 'run', from: view(before), to: view(row), reason: c.reason ?? null },
      },
      now,
    )
  }
  return { modes: combine(global, changed ? row : before, c.runId), changed, refused }
}

/** The kill switch on one run: observe mode, latched, for that run only. */
export function latchRunInTx(db: Db, runId: string, actor: string, now: number): void {
  const before = runModesRow(db, runId)
  writeRunModes(db, {
    run_id: runId,
    safety: 'observe',
    approval: before?.approval ?? null,
    kill_latched: 1,
    updated_at: now,
    updated_by: actor,
  })
}
