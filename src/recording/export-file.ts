/**
 * A recording as one self-describing NDJSON file (`operator runs export`):
 * the first line is a header naming the format, its schema version, the run
 * and how many entries follow; every further line is one entry. Reading a
 * file validates every line and says which one is wrong.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { z } from 'zod'
import { errorMessage, OperatorError } from '../core/errors.js'
import { firstIssue, RecordingEntry, RunKind, type RunRecord } from '../core/recording-entry.js'

export const RECORDING_FORMAT = 'operator.recording'
/** 2 added narration entries; files of version 1 read as they are. */
export const RECORDING_SCHEMA_VERSION = 2

export const RecordingHeader = z.object({
  format: z.literal(RECORDING_FORMAT),
  schema_version: z.union([z.literal(1), z.literal(RECORDING_SCHEMA_VERSION)]),
  run: z.string().min(1),
  subject: z.string().min(1),
  kind: RunKind,
  started_at: z.number().int(),
  ended_at: z.number().int().nullable(),
  meta: z.record(z.string(), z.unknown()),
  /** Entries on the lines that follow. */
  entries: z.number().int().min(0),
  exported_at: z.number().int(),
  /** For a person opening the file: what the lines are. */
  description: z.string().optional(),
  entry_kinds: z.record(z.string(), z.string()).optional(),
})
export type RecordingHeader = z.infer<typeof RecordingHeader>

/** A whole recording: its header and entries in order. */
export interface Recording {
  header: RecordingHeader
  entries: RecordingEntry[]
}

const DESCRIPTION =
  'An Operator run recording. This first line is the header; each following line is one input of the five-panel view model, in order of arrival, with `at` in ms since the epoch. `operator replay FILE` plays it back with no cluster.'
const ENTRY_KINDS = {
  line: 'a line of output of a child (monitor, agent, workload): {source, stream, text}',
  child: 'a child started, died or stopped: {view: {name, status, pid, exit_code, last_stderr, restarts}}',
  snapshot: 'the database changed: {snapshot: {modes, tickets, proposals}}',
  notice: 'a notice shown to people: {text, tone}',
  narration:
    "a scenario's narration above the panels, or null: {narration: {title, step, of, text, detail, tone, report}}",
}

export function recordingOf(run: RunRecord, entries: RecordingEntry[], exportedAt: number): Recording {
  return {
    header: {
      format: RECORDING_FORMAT,
      schema_version: RECORDING_SCHEMA_VERSION,
      run: run.id,
      subject: run.subject,
      kind: run.kind,
      started_at: run.started_at,
      ended_at: run.ended_at,
      meta: run.meta,
      entries: entries.length,
      exported_at: exportedAt,
      description: DESCRIPTION,
      entry_kinds: ENTRY_KINDS,
    },
    entries,
  }
}

/** The file's text: header line, then one line per entry. */
export function recordingText(r: Recording): string {
  const lines = [JSON.stringify(r.header)]
  for (const e of r.entries) lines.push(JSON.stringify(e))
  return `${lines.join('\n')}\n`
}

/** Writes the file whole or not at all (a temp file renamed into place). */
export function writeRecordingFile(path: string, r: Recording): void {
  const temp = `${path}.${process.pid}.tmp`
  try {
    writeFileSync(temp, recordingText(r))
    renameSync(temp, path)
  } catch (err) {
    throw new OperatorError(
      'config',
      `cannot write ${path}: ${errorMessage(err)}`,
      'check that the directory exists and is writable',
    )
  }
}

export function readRecordingFile(path: string): Recording {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new OperatorError(
      'not_found',
      `cannot read ${path}: ${errorMessage(err)}`,
      'give a file written by `operator runs export`, or a run id from `operator runs list`',
    )
  }
  return parseRecording(text, path)
}

/** Parses and validates a recording file's text; errors name the file and line. */
export function parseRecording(text: string, name: string): Recording {
  const lines = text.split('\n').filter((l) => l.trim() !== '')
  const bad = (line: number, problem: string) =>
    new OperatorError(
      'config',
      `${name}:${line}: ${problem}`,
      'the file is not a complete Operator recording: export it again with `operator runs export RUN --out FILE`',
    )
  const json = (line: number): unknown => {
    try {
      return JSON.parse(lines[line - 1] ?? '') as unknown
    } catch (err) {
      throw bad(line, `not JSON (${errorMessage(err)})`)
    }
  }
  if (lines.length === 0) throw bad(1, 'empty file')
  const header = RecordingHeader.safeParse(json(1))
  if (!header.success) throw bad(1, `not a recording header: ${firstIssue(header.error)}`)
  const entries: RecordingEntry[] = []
  for (let n = 2; n <= lines.length; n++) {
    const entry = RecordingEntry.safeParse(json(n))
    if (!entry.success) throw bad(n, firstIssue(entry.error))
    entries.push(entry.data)
  }
  if (entries.length !== header.data.entries)
    throw bad(
      lines.length,
      `the header announces ${header.data.entries} entries, the file has ${entries.length} (truncated?)`,
    )
  return { header: header.data, entries }
}
