/**
 * Which recorded runs to delete (`operator runs prune`): those beyond the
 * newest `keep`, and those that ended before a cutoff. A run still being
 * recorded — not ended, with an entry (or its start) within the live window —
 * is never chosen, so a demo on screen keeps its recording. Pure: the caller
 * deletes. The audit log is not a recording and is never pruned.
 */
import type { RunRecord } from '../core/recording-entry.js'

/** An unfinished run counts as live while its last entry is this recent. */
export const LIVE_WINDOW_MS = 60 * 60_000

export interface RetentionRule {
  /** Keep the newest this many runs. */
  keep?: number
  /** Delete runs that ended (or, unfinished, last wrote) more than this long ago. */
  olderThanMs?: number
}

export interface PruneChoice {
  run: RunRecord
  why: string
}

/** The runs to delete under `rule` at `now`, given every run newest first. */
export function choosePrunable(runs: readonly RunRecord[], rule: RetentionRule, now: number): PruneChoice[] {
  const chosen: PruneChoice[] = []
  runs.forEach((run, i) => {
    const lastSeen = run.ended_at ?? run.last_at ?? run.started_at
    if (run.ended_at === null && now - lastSeen < LIVE_WINDOW_MS) return
    if (rule.keep !== undefined && i >= rule.keep) chosen.push({ run, why: `beyond the newest ${rule.keep}` })
    else if (rule.olderThanMs !== undefined && now - lastSeen > rule.olderThanMs)
      chosen.push({ run, why: `${run.ended_at === null ? 'last wrote' : 'ended'} ${ageText(now - lastSeen)} ago` })
  })
  return chosen
}

/** `3d 4h`, `25m`: an age, roughly, for people. */
export function ageText(ms: number): string {
  const m = Math.floor(ms / 60_000)
  if (m < 60) return `${m}m`
  const h = Math.floor(m / 60)
  if (h < 48) return `${h}h ${m % 60}m`
  return `${Math.floor(h / 24)}d ${h % 24}h`
}
