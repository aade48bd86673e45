/**
 * What actions and faults of one opened run share: where the run lives, its
 * record, one client per member, the runtime that runs the members
 * (processes or containers) and the log.
 */
import type { SubjectDeps } from '../../src/core/subject.js'
import type { MemberClients } from './clients.js'
import type { GetEngine } from './runtime/docker/docker-member-runtime.js'
import type { MemberRuntime } from './runtime/member-runtime.js'
import type { RunRecord } from './runtime/run-records.js'

export interface EtcdHandle {
  home: string
  run_id: string
  run: RunRecord
  clients: MemberClients
  runtime: MemberRuntime
  /** Docker runtime: reaches the engine (found once, then reused). */
  engine?: GetEngine
  log: SubjectDeps['log']
}
