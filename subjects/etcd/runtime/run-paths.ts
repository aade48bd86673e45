/**
 * Where a run lives under OPERATOR_HOME: `<home>/runs/<id>/` with one data dir
 * per member, `logs/<name>.log`, `members/<name>.json` and `run.json`, plus
 * `<home>/current-etcd` naming the current run.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'

export function runDir(home: string, runId: string): string {
  return join(home, 'runs', runId)
}

export function runRecordPath(home: string, runId: string): string {
  return join(runDir(home, runId), 'run.json')
}

export function memberRecordPath(home: string, runId: string, name: string): string {
  return join(runDir(home, runId), 'members', `${name}.json`)
}

export function memberDataDir(home: string, runId: string, name: string): string {
  return join(runDir(home, runId), name)
}

export function memberLogFile(home: string, runId: string, name: string): string {
  return join(runDir(home, runId), 'logs', `${name}.log`)
}

export function currentRunPath(home: string): string {
  return join(home, 'current-etcd')
}

/** A new run id: `etcd-<yyyymmdd-hhmmss>-<4 hex>`, in UTC. */
export function newRunId(now: number): string {
  const iso = new Date(now).toISOString() // 2025-01-31T12:34:56.789Z
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`
  return `etcd-${stamp}-${randomBytes(2).toString('hex')}`
}

export { isValidRunId } from '../../../src/executors/local/run-files.js'
