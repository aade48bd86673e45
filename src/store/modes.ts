/**
 * Safety and approval modes, stored in one row, changed only together with
 * a `mode.changed` event. The kill switch latches observe mode: only an
 * explicit `operator mode execute` clears the latch.
 */
import { OperatorError } from '../core/errors.js'
import { ApprovalMode, Modes, SafetyMode } from '../core/records.js'
import { appendEvent } from './audit-log.js'
import type { Db } from './open-database.js'
import { combine, runModesRow } from './run-modes.js'
import { setRunModesInTx } from './set-run-modes.js'
import { writeTx } from './tx.js'

interface ModesRow {
  safety: string
  approval: string
  kill_latched: number
  updated_at: number
  updated_by: string
}

/** The global modes, or those that hold for one run (see run-modes.ts). */
export function getModes(db: Db, runId?: string): Modes {
  const row = db
    .prepare('SELECT safety, approval, kill_latched, updated_at, updated_by FROM modes WHERE id = 1')
    .get() as ModesRow
  const global = Modes.parse({ ...row, kill_latched: row.kill_latched === 1 })
  return runId === undefined ? global : combine(global, runModesRow(db, runId), runId)
}

export interface ModeChange {
  safety?: SafetyMode
  approval?: ApprovalMode
  /** An explicit request by a person (`operator mode execute`): clears the kill latch. */
  explicit?: boolean
  reason?: string
  /** One run's own modes instead of the global ones. */
  runId?: string
}

export interface ModeChangeResult {
  modes: Modes
  changed: boolean
  /** Set when execute mode was asked for but the kill latch kept observe mode. */
  refused: string | null
}

export function setModes(db: Db, change: ModeChange, actor: string, now: number): ModeChangeResult {
  const { runId } = change
  if (runId !== undefined) return writeTx(db, () => setRunModesInTx(db, getModes(db), { ...change, runId }, actor, now))
  return writeTx(db, () => {
    const before = getModes(db)
    let safety = change.safety ?? before.safety
    let latched = before.kill_latched
    let refused: string | null = null
    if (safety === 'execute' && latched) {
      if (change.explicit) latched = false
      else {
        safety = 'observe'
        refused = 'the kill switch latched observe mode; only `operator mode execute` brings execute mode back'
      }
    }
    const approval = change.approval ?? before.approval
    const changed = safety !== before.safety || approval !== before.approval || latched !== before.kill_latched
    if (refused) {
      appendEvent(
        db,
        { run_id: null, actor, type: 'mode.refused', payload: { requested: change.safety ?? null, reason: refused } },
        now,
      )
    }
    if (changed) {
      db.prepare(
        'UPDATE modes SET safety = ?, approval = ?, kill_latched = ?, updated_at = ?, updated_by = ? WHERE id = 1',
      ).run(safety, approval, latched ? 1 : 0, now, actor)
      appendEvent(
        db,
        {
          run_id: null,
          actor,
          type: 'mode.changed',
          payload: {
            from: { safety: before.safety, approval: before.approval, kill_latched: before.kill_latched },
            to: { safety, approval, kill_latched: latched },
            reason: change.reason ?? null,
          },
        },
        now,
      )
    }
    return { modes: getModes(db), changed, refused }
  })
}

/**
 * Applies OPERATOR_SAFETY_MODE / OPERATOR_APPROVAL_MODE from a process's
 * environment when it starts (recorded as a mode change, never clearing the
 * kill latch). Bad values are refused before anything is written.
 */
export function applyEnvModes(db: Db, env: NodeJS.ProcessEnv, actor: string, now: number): ModeChangeResult | null {
  const change: ModeChange = { reason: `environment of ${actor}` }
  const safety = env.OPERATOR_SAFETY_MODE
  const approval = env.OPERATOR_APPROVAL_MODE
  if (safety) {
    const parsed = SafetyMode.safeParse(safety)
    if (!parsed.success)
      throw new OperatorError(
        'config',
        `OPERATOR_SAFETY_MODE="${safety}" is not a safety mode`,
        'set it to observe or execute',
      )
    change.safety = parsed.data
  }
  if (approval) {
    const parsed = ApprovalMode.safeParse(approval)
    if (!parsed.success)
      throw new OperatorError(
        'config',
        `OPERATOR_APPROVAL_MODE="${approval}" is not an approval mode`,
        'set it to manual or auto',
      )
    change.approval = parsed.data
  }
  if (change.safety === undefined && change.approval === undefined) return null
  return setModes(db, change, actor, now)
}
