/**
 * Finds the recording `operator replay` and `operator runs export` were
 * given: a file written by `operator runs export`, a run id in the
 * database, or `last` for the newest recorded run.
 */
import { existsSync, statSync } from 'node:fs'
import { OperatorError } from '../core/errors.js'
import { type Recording, readRecordingFile, recordingOf } from '../recording/export-file.js'
import type { Store } from '../store/store.js'

/** A file path (when such a file exists), a run id, or `last`; the store is opened only for a run, and closed. */
export function loadRecording(target: string, openStore: () => Store, now: number): Recording {
  if (existsSync(target) && statSync(target).isFile()) return readRecordingFile(target)
  const store = openStore()
  try {
    return loadRun(store, target, now)
  } finally {
    store.close()
  }
}

export function loadRun(store: Store, target: string, now: number): Recording {
  const id = target === 'last' ? store.recordedRuns()[0]?.id : target
  const run = id === undefined ? null : store.recordedRun(id)
  if (!run) {
    throw new OperatorError(
      'not_found',
      target === 'last'
        ? 'no recorded runs yet'
        : `no recording "${target}": no such file, and no recorded run of that id`,
      target === 'last'
        ? 'every `operator demo` and scenario run is recorded: run one first'
        : 'list recorded runs with `operator runs list`',
    )
  }
  return recordingOf(run, store.recording(run.id), now)
}
