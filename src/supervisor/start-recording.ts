/**
 * Where a supervised run's recording begins: a run of the store under the
 * first cluster's run id, its metadata the clusters (every run's id when
 * there are several), the interval, the modes and the caller's own, and the
 * recorder that appends every input of the screen to it.
 */
import { systemClock } from '../core/clock.js'
import type { RunKind } from '../core/recording-entry.js'
import type { ApprovalMode, SafetyMode } from '../core/records.js'
import type { Tone } from '../core/run-events.js'
import { RunRecorder } from '../recording/recorder.js'
import type { Store } from '../store/store.js'
import type { SupervisedRun } from './demo-runs.js'

export interface StartRecordingOptions {
  store: Store
  module: { name: string }
  intervalMs: number
  safety?: SafetyMode | undefined
  approval?: ApprovalMode | undefined
  recording?: { kind: RunKind; meta?: Record<string, unknown> } | null | undefined
  onNotice?: ((text: string, tone: Tone, at: number) => void) | undefined
}

/** Begins the recording under the first cluster's run id (with every run's id when there are several). */
export function startRecording(o: StartRecordingOptions, runs: readonly SupervisedRun[]): RunRecorder {
  const kind = o.recording?.kind ?? 'demo'
  const status = runs[0]?.status
  const meta = {
    cluster: { ...status },
    ...(runs.length > 1 ? { clusters: runs.map((r) => r.status.run_id) } : {}),
    interval_ms: o.intervalMs,
    safety: o.safety ?? null,
    approval: o.approval ?? null,
    ...(o.recording?.meta ?? {}),
  }
  const runId = o.store.beginRun({
    id: status?.run_id ?? 'demo',
    subject: o.module.name,
    kind,
    started_at: systemClock.now(),
    meta,
  })
  return new RunRecorder({
    sink: o.store,
    runId,
    clock: systemClock,
    onError: (message) => o.onNotice?.(message, 'bad', systemClock.now()),
  })
}
