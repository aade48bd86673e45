/**
 * Validated reads and atomic writes of a ratelimiter run's files (`run.json`,
 * `members/<name>.json`, `current-ratelimiter`), and run ids. Any terminal
 * can act on a run from these files alone.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, rmSync } from 'node:fs'
import type { z } from 'zod'
import { OperatorError } from '../../../src/core/errors.js'
import { writeJsonAtomic } from '../../../src/executors/local/atomic-json.js'
import {
  clearRunPointer,
  isValidRunId,
  readJsonRecord,
  readRunPointer,
  writeRunPointer,
} from '../../../src/executors/local/run-files.js'
import {
  currentRunPath,
  NodeProcessRecord,
  nodeRecordPath,
  RatelimiterRunRecord,
  runDir,
  runRecordPath,
} from './run-record.js'

const FIX_AGAIN =
  'run `operator cluster down --subject ratelimiter` and `operator cluster up --subject ratelimiter` again'
const FIX_START = 'start one with `operator cluster up --subject ratelimiter`, or name a run with --run'

/** A new run id: `ratelimiter-<yyyymmdd-hhmmss>-<4 hex>`, in UTC. */
export function newRunId(now: number): string {
  const iso = new Date(now).toISOString()
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`
  return `ratelimiter-${stamp}-${randomBytes(2).toString('hex')}`
}

/** Run ids become path segments: refuse anything that could leave `<home>/runs/`. */

const readJson = <T>(path: string, schema: z.ZodType<T>, what: string): T =>
  readJsonRecord(path, schema, what, FIX_AGAIN)

export function writeRunRecord(home: string, run: RatelimiterRunRecord): void {
  writeJsonAtomic(runRecordPath(home, run.run_id), run)
}

export function readRunRecord(home: string, runId: string): RatelimiterRunRecord {
  if (!isValidRunId(runId) || !existsSync(runRecordPath(home, runId))) {
    throw new OperatorError('not_found', `no ratelimiter run "${runId}" under ${home}`, FIX_START)
  }
  return readJson(runRecordPath(home, runId), RatelimiterRunRecord, 'run file')
}

export function writeNodeRecord(home: string, runId: string, record: NodeProcessRecord): void {
  writeJsonAtomic(nodeRecordPath(home, runId, record.name), record)
}

/** Removes a node's pid record: it names no live process of the node any more. */
export function removeNodeRecord(home: string, runId: string, name: string): void {
  rmSync(nodeRecordPath(home, runId, name), { force: true })
}

/** The node's pid record, or null when it was never started (or its last start died). */
export function readNodeRecord(home: string, runId: string, name: string): NodeProcessRecord | null {
  const path = nodeRecordPath(home, runId, name)
  if (!existsSync(path)) return null
  return readJson(path, NodeProcessRecord, 'node record')
}

/** Id of the current ratelimiter run, or null when none is recorded. */
export const readCurrentRun = (home: string): string | null => readRunPointer(currentRunPath(home))
export const writeCurrentRun = (home: string, runId: string): void => writeRunPointer(currentRunPath(home), runId)
/** Removes the current-run pointer, but only if it still names this run. */
export const clearCurrentRun = (home: string, runId: string): void => clearRunPointer(currentRunPath(home), runId)

/** The run to act on: the one named, else the current one; not_found when there is none. */
export function resolveRunId(home: string, runId?: string): string {
  const id = runId ?? readCurrentRun(home)
  if (id === null) throw new OperatorError('not_found', `no current ratelimiter run under ${home}`, FIX_START)
  if (!isValidRunId(id) || !existsSync(runDir(home, id))) {
    throw new OperatorError('not_found', `no ratelimiter run "${id}" under ${home}`, FIX_START)
  }
  return id
}

export { isValidRunId }
