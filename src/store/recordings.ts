/**
 * Recorded runs in the database (migration 3): the `runs` table, one row per
 * demo, headless or scenario run, and `recording`, the inputs its screen was
 * built from, in order. Rows are written in batches by the recorder (already
 * redacted) and validated when read back.
 */
import { OperatorError } from '../core/errors.js'
import { firstIssue, type NewRun, RecordingEntry, RunRecord } from '../core/recording-entry.js'
import type { Db } from './open-database.js'
import { writeTx } from './tx.js'

/** One `recording` row: the entry's text or JSON in `payload`. */
export interface RecordingRow {
  seq: number
  at: number
  kind: RecordingEntry['kind']
  source: string | null
  stream: string | null
  payload: string
}

/** Inserts the run; an id already taken gets a suffix (`-2`, `-3`, …). Returns the id used. */
export function beginRun(db: Db, run: NewRun): string {
  const meta = JSON.stringify(run.meta)
  return writeTx(db, () => {
    const taken = db.prepare('SELECT 1 FROM runs WHERE id = ?')
    let id = run.id
    for (let n = 2; taken.get(id); n++) id = `${run.id}-${n}`
    db.prepare('INSERT INTO runs (id, subject, kind, started_at, ended_at, meta) VALUES (?, ?, ?, ?, NULL, ?)').run(
      id,
      run.subject,
      run.kind,
      run.started_at,
      meta,
    )
    return id
  })
}

/** Appends rows in one transaction. */
export function appendRecording(db: Db, runId: string, rows: readonly RecordingRow[]): void {
  if (rows.length === 0) return
  writeTx(db, () => {
    const insert = db.prepare(
      'INSERT INTO recording (run_id, seq, at, kind, source, stream, payload) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    for (const r of rows) insert.run(runId, r.seq, r.at, r.kind, r.source, r.stream, r.payload)
  })
}

/** Deletes runs and their recordings in one transaction; returns the entries deleted. */
export function deleteRuns(db: Db, ids: readonly string[]): number {
  return writeTx(db, () => {
    let entries = 0
    for (const id of ids) {
      entries += db.prepare('DELETE FROM recording WHERE run_id = ?').run(id).changes
      db.prepare('DELETE FROM runs WHERE id = ?').run(id)
    }
    return entries
  })
}

/** Marks the run ended and merges `meta` into its metadata. */
export function endRun(db: Db, runId: string, endedAt: number, meta: Record<string, unknown>): void {
  // The new metadata (a scenario's whole report) is serialized before the write lock; inside it only
  // the small stored metadata is parsed, and the two are joined as text (same object, same JSON.parse).
  const addedJson = Object.entries(meta).flatMap(([k, v]) => {
    const json = JSON.stringify(v) as string | undefined
    return json === undefined ? [] : [`${JSON.stringify(k)}:${json}`]
  })
  writeTx(db, () => {
    const row = db.prepare('SELECT meta FROM runs WHERE id = ?').get(runId) as { meta: string } | undefined
    if (!row) return
    const kept = { ...(JSON.parse(row.meta) as Record<string, unknown>) }
    for (const k of Object.keys(meta)) delete kept[k]
    const keptJson = JSON.stringify(kept).slice(1, -1)
    const merged = `{${[keptJson, ...addedJson].filter(Boolean).join(',')}}`
    db.prepare('UPDATE runs SET ended_at = ?, meta = ? WHERE id = ?').run(endedAt, merged, runId)
  })
}

interface RunRow {
  id: string
  subject: string
  kind: string
  started_at: number
  ended_at: number | null
  meta: string
  entries: number
  last_at: number | null
}

const RUN_SELECT = `
  SELECT r.id, r.subject, r.kind, r.started_at, r.ended_at, r.meta,
    (SELECT COUNT(*) FROM recording e WHERE e.run_id = r.id) AS entries,
    (SELECT MAX(e.at) FROM recording e WHERE e.run_id = r.id) AS last_at
  FROM runs r`

function toRun(row: RunRow): RunRecord {
  const parsed = RunRecord.safeParse({ ...row, meta: JSON.parse(row.meta) as unknown })
  if (!parsed.success)
    throw new OperatorError(
      'database',
      `run ${row.id} is unreadable (${firstIssue(parsed.error)})`,
      'the database may be damaged; other runs are unaffected',
    )
  return parsed.data
}

/** Recorded runs, newest first. */
export function listRuns(db: Db): RunRecord[] {
  return (db.prepare(`${RUN_SELECT} ORDER BY r.started_at DESC, r.id DESC`).all() as RunRow[]).map(toRun)
}

export function getRun(db: Db, id: string): RunRecord | null {
  const row = db.prepare(`${RUN_SELECT} WHERE r.id = ?`).get(id) as RunRow | undefined
  return row ? toRun(row) : null
}

/** The run's entries in order, validated. */
export function readRecording(db: Db, runId: string): RecordingEntry[] {
  const rows = db
    .prepare('SELECT seq, at, kind, source, stream, payload FROM recording WHERE run_id = ? ORDER BY seq')
    .all(runId) as RecordingRow[]
  return rows.map((row) => fromRow(row, runId))
}

/** Builds the entry a row stores: line text as it is, everything else from its JSON. */
export function fromRow(row: RecordingRow, runId: string): RecordingEntry {
  let candidate: unknown
  try {
    const stamp = { seq: row.seq, at: row.at, kind: row.kind }
    if (row.kind === 'line') candidate = { ...stamp, source: row.source, stream: row.stream, text: row.payload }
    else if (row.kind === 'child') candidate = { ...stamp, view: JSON.parse(row.payload) as unknown }
    else if (row.kind === 'snapshot') candidate = { ...stamp, snapshot: JSON.parse(row.payload) as unknown }
    else if (row.kind === 'narration') candidate = { ...stamp, narration: JSON.parse(row.payload) as unknown }
    else candidate = { ...stamp, ...(JSON.parse(row.payload) as Record<string, unknown>) }
  } catch {
    candidate = null
  }
  const parsed = RecordingEntry.safeParse(candidate)
  if (!parsed.success)
    throw new OperatorError(
      'database',
      `entry ${row.seq} of run ${runId} is unreadable (${firstIssue(parsed.error)})`,
      'export what is readable with `operator runs export`, or record the run again',
    )
  return parsed.data
}

/** The row that stores an entry (the inverse of fromRow). */
export function toRow(entry: RecordingEntry): RecordingRow {
  const stamp = { seq: entry.seq, at: entry.at, kind: entry.kind }
  switch (entry.kind) {
    case 'line':
      return { ...stamp, source: entry.source, stream: entry.stream, payload: entry.text }
    case 'child':
      return { ...stamp, source: entry.view.name, stream: null, payload: JSON.stringify(entry.view) }
    case 'snapshot':
      return { ...stamp, source: null, stream: null, payload: JSON.stringify(entry.snapshot) }
    case 'notice':
      return { ...stamp, source: null, stream: null, payload: JSON.stringify({ text: entry.text, tone: entry.tone }) }
    case 'narration':
      return { ...stamp, source: null, stream: null, payload: JSON.stringify(entry.narration) }
  }
}
