/**
 * What a recording is made of: one entry per input the screen's view model
 * received — a child's line, a child's status, a database snapshot, a
 * notice, a scenario's narration — each with the time it arrived. Feeding the entries back in order
 * rebuilds the same screen. Schemas validate entries read back from the
 * database or an exported file.
 */
import { z } from 'zod'
import { NarrationSchema } from './narration.js'
import { Modes, Proposal, Ticket } from './records.js'
import { CHILD_NAMES, TONES } from './run-events.js'

export const RUN_KINDS = ['demo', 'headless', 'scenario'] as const
export const RunKind = z.enum(RUN_KINDS)
/** How the recorded run was driven: the five-panel screen, `--headless`, or a scenario. */
export type RunKind = z.infer<typeof RunKind>

export const ChildName = z.enum(CHILD_NAMES)
export const ToneSchema = z.enum(TONES)

export const ChildViewSchema = z.object({
  name: ChildName,
  status: z.enum(['starting', 'running', 'dead', 'stopped']),
  pid: z.number().int().nullable(),
  exit_code: z.number().int().nullable(),
  last_stderr: z.array(z.string()),
  restarts: z.number().int().min(0),
})

/** The database as the screen polls it: modes, the run's tickets, proposals awaiting a person or executing. */
export const RecordedSnapshot = z.object({ modes: Modes, tickets: z.array(Ticket), proposals: z.array(Proposal) })
export type RecordedSnapshot = z.infer<typeof RecordedSnapshot>

const stamp = {
  /** Order of arrival within the run, from 0. */
  seq: z.number().int().min(0),
  /** Milliseconds since the epoch when the input arrived. */
  at: z.number().int(),
}

export const LineEntry = z.object({
  ...stamp,
  kind: z.literal('line'),
  source: ChildName,
  stream: z.enum(['stdout', 'stderr']),
  text: z.string(),
})
export const ChildEntry = z.object({ ...stamp, kind: z.literal('child'), view: ChildViewSchema })
export const SnapshotEntry = z.object({ ...stamp, kind: z.literal('snapshot'), snapshot: RecordedSnapshot })
export const NoticeEntry = z.object({ ...stamp, kind: z.literal('notice'), text: z.string(), tone: ToneSchema })

/** A scenario's narration changed (null: none shown). */
export const NarrationEntry = z.object({
  ...stamp,
  kind: z.literal('narration'),
  narration: NarrationSchema.nullable(),
})

export const RecordingEntry = z.discriminatedUnion('kind', [
  LineEntry,
  ChildEntry,
  SnapshotEntry,
  NoticeEntry,
  NarrationEntry,
])
/** One recorded input of the view model. */
export type RecordingEntry = z.infer<typeof RecordingEntry>
export type EntryKind = RecordingEntry['kind']
/** An entry before the recorder numbers it. */
export type NewEntry = WithoutSeq<RecordingEntry>
type WithoutSeq<E> = E extends unknown ? Omit<E, 'seq'> : never

/** A recorded run as the database lists it. */
export const RunRecord = z.object({
  id: z.string(),
  subject: z.string(),
  kind: RunKind,
  started_at: z.number().int(),
  /** Null while the run is going on, or when it never ended cleanly (crash, SIGKILL). */
  ended_at: z.number().int().nullable(),
  meta: z.record(z.string(), z.unknown()),
  /** Number of entries recorded. */
  entries: z.number().int().min(0),
  /** Time of the last entry (null: none yet). */
  last_at: z.number().int().nullable(),
})
export type RunRecord = z.infer<typeof RunRecord>

/** A run to begin recording. */
export interface NewRun {
  id: string
  subject: string
  kind: RunKind
  started_at: number
  meta: Record<string, unknown>
}

/** Formats a zod error as `path: message` (the first issue). */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'invalid'
  return `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`
}
