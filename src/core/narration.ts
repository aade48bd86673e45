/**
 * Narration of a scenario for an audience (`operator demo --scenario`): the
 * scenario's title, which step of the method is next or just fired, its
 * `say:` line and a detail (when it fires, what it did, what to press). At
 * the end it carries the run's report, shown over the panels. The runner
 * produces it, the supervisor records it, the screen draws it as a band above
 * the panels — live and in a replay alike.
 */
import { z } from 'zod'
import { TONES } from './run-events.js'

export const NarrationTone = z.enum(TONES)

export const NarrationSchema = z.object({
  /** The scenario's title. */
  title: z.string(),
  /** The step narrated (1-based) and the method's length; step is null before the method and after it. */
  step: z.number().int().min(1).nullable(),
  of: z.number().int().min(0),
  /** What the audience reads: the step's `say:` line (or what the step does), or the phase. */
  text: z.string(),
  /** The smaller line: when the step fires, what happened, which key to press. */
  detail: z.string(),
  tone: NarrationTone,
  /** At the end of the run: its outcome and the report's lines. */
  report: z.object({ outcome: z.string(), lines: z.array(z.string()) }).nullable(),
})
export type Narration = z.infer<typeof NarrationSchema>

/** The narration as text for a terminal without the screen (`operator replay --headless`): one line, then the report's. */
export function narrationLine(n: Narration): string {
  const where = n.step === null ? '' : ` · step ${n.step} of ${n.of}`
  const head = `=== ${n.title}${where}: ${n.text}${n.detail ? ` — ${n.detail}` : ''}`
  return n.report ? [head, ...n.report.lines].join('\n') : head
}
