/**
 * The workload's ground truth as the observer reads it: the file the workload
 * rewrites every second (workload-truth.ts). Absent, unreadable or stale (no
 * workload runs, or it stopped) is null, never an error.
 */
import { readFileSync } from 'node:fs'
import { type LimitObservation, LimitObservation as LimitSchema } from './observation.js'

/** A truth file older than this is stale: the workload that wrote it is gone. */
export const TRUTH_STALE_MS = 5000

export function readTruth(path: string, now: number, staleMs = TRUTH_STALE_MS): LimitObservation | null {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return null
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return null
  }
  const parsed = LimitSchema.safeParse(json)
  if (!parsed.success || now - parsed.data.at > staleMs) return null
  return parsed.data
}
