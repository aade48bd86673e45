/**
 * Feeds one recorded entry to a view model through the same inputs the
 * live supervisor uses, with the recorded time — never the clock's.
 */
import type { RecordingEntry } from '../core/recording-entry.js'
import type { ViewModel } from './view-model.js'

export function applyEntry(vm: ViewModel, e: RecordingEntry): void {
  switch (e.kind) {
    case 'line':
      vm.ingestLine(e.source, e.stream, e.text, e.at)
      return
    case 'child':
      vm.setChild({ ...e.view, last_stderr: [...e.view.last_stderr] })
      return
    case 'snapshot':
      vm.applySnapshot(e.snapshot)
      return
    case 'notice':
      vm.notice(e.text, e.tone, e.at)
      return
    case 'narration':
      vm.narrate(e.narration)
      return
  }
}
