/**
 * What actions and faults of one opened run share: where the run lives, its
 * record, one client per member and the log.
 */
import type { SubjectDeps } from '../../src/core/subject.js'
import type { MemberClients } from './clients.js'
import type { RunRecord } from './runtime/run-records.js'

export interface EtcdHandle {
  home: string
  run_id: string
  run: RunRecord
  clients: MemberClients
  log: SubjectDeps['log']
}
