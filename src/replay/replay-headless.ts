/**
 * `operator replay --headless`: a recording printed as the lines
 * `operator demo --headless` printed live — children's lines through the
 * same renderer, deaths of children, notices — paced by the recorded times
 * at the chosen speed (against an injected clock), or at once at `max`.
 */
import type { Clock } from '../core/clock.js'
import { narrationLine } from '../core/narration.js'
import type { RecordingEntry } from '../core/recording-entry.js'
import { childDied, createLineRenderer } from '../core/render-event.js'
import type { Recording } from '../recording/export-file.js'
import type { Speed } from './playback.js'

export interface HeadlessReplayOptions {
  recording: Recording
  speed: Speed
  print: (line: string) => void
  /** Real time, to pace the lines (a simulated clock in tests). */
  clock: Clock
  signal: AbortSignal
}

export interface HeadlessReplayResult {
  entries: number
  lines: number
  /** Recorded time covered, ms. */
  span_ms: number
}

/** Prints the recording; resolves at its end, or early (with what was printed) when the signal aborts. */
export async function replayHeadless(o: HeadlessReplayOptions): Promise<HeadlessReplayResult> {
  const { entries, header } = o.recording
  const render = createLineRenderer()
  const first = Math.min(header.started_at, entries[0]?.at ?? header.started_at)
  const realStart = o.clock.now()
  let lines = 0
  let applied = 0
  for (const e of entries) {
    if (o.signal.aborted) break
    if (o.speed !== 'max') {
      // Against the start, not the previous line: waits never add up to drift.
      const due = realStart + (e.at - first) / o.speed
      const wait = due - o.clock.now()
      if (wait > 0) await o.clock.sleep(wait, o.signal).catch(() => undefined)
      if (o.signal.aborted) break
    }
    applied++
    const line = lineOf(e, render)
    if (line === null) continue
    o.print(line)
    lines++
  }
  return { entries: applied, lines, span_ms: (entries.at(-1)?.at ?? first) - first }
}

function lineOf(e: RecordingEntry, render: ReturnType<typeof createLineRenderer>): string | null {
  switch (e.kind) {
    case 'line':
      return render(e.source, e.stream === 'stderr' ? `[stderr] ${e.text}` : e.text, e.at)
    case 'child':
      return e.view.status === 'dead' ? childDied(e.view) : null
    case 'notice':
      return e.text
    case 'snapshot':
      return null
    case 'narration':
      return e.narration === null ? null : narrationLine(e.narration)
  }
}
