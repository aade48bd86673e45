/**
 * The runs under `<home>/runs/`, whatever their subject, and the marker a
 * `cluster down` leaves in a run's directory: `--runs all` supervises the runs
 * that are up and lets go of a run once it is down.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { isValidRunId } from './run-files.js'

const downMarker = (home: string, runId: string): string => join(home, 'runs', runId, 'down')

/** Every run id under the home, oldest name first (ids sort by their time stamp). */
export function listRunIds(home: string): string[] {
  const dir = join(home, 'runs')
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && isValidRunId(e.name) && existsSync(join(dir, e.name, 'run.json')))
    .map((e) => e.name)
    .sort()
}

/** Left by `cluster down` once the run's members are stopped. */
export function markRunDown(home: string, runId: string, now: number): void {
  if (existsSync(join(home, 'runs', runId))) writeFileSync(downMarker(home, runId), `${new Date(now).toISOString()}\n`)
}

/** Whether the run was taken down, or forgotten (its directory is gone). */
export function runIsDown(home: string, runId: string): boolean {
  return !existsSync(join(home, 'runs', runId, 'run.json')) || existsSync(downMarker(home, runId))
}

/** The subject a run's record names, or null when it cannot be read. */
export function runSubject(home: string, runId: string): string | null {
  try {
    const raw = JSON.parse(readFileSync(join(home, 'runs', runId, 'run.json'), 'utf8')) as { subject?: unknown }
    return typeof raw.subject === 'string' ? raw.subject : null
  } catch {
    return null
  }
}

/** The runs of one subject that are not down, for its module to filter further. */
export const candidateRuns = (home: string, subject: string): string[] =>
  listRunIds(home).filter((id) => !runIsDown(home, id) && runSubject(home, id) === subject)
