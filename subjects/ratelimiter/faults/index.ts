/**
 * The faults that scenarios and the TUI can inject into a ratelimiter run,
 * and the menu of them, known without a cluster. start_node,
 * heal_replica_link and restore_maxmemory are the harness's undos.
 */
import type { FaultDefinition, FaultMenuEntry } from '../../../src/core/subject.js'
import { APPS, REDIS_NODES } from '../defaults.js'
import type { RatelimiterHandle } from '../handle.js'
import { breakReplicaLinkFault, healReplicaLinkFault } from './break-replica-link.js'
import { hotKeyFloodFault } from './hot-key-flood.js'
import {
  killAppFault,
  killNodeFault,
  killPrimaryFault,
  pausePrimaryFault,
  resumeNodeFault,
  startNodeFault,
} from './signal-node.js'
import { restoreMaxmemoryFault, squeezeMemoryFault } from './squeeze-memory.js'
import { stripTtlsFault } from './strip-ttls.js'

export function ratelimiterFaults(handle: RatelimiterHandle): FaultDefinition[] {
  return [
    killPrimaryFault(handle),
    pausePrimaryFault(handle),
    resumeNodeFault(handle),
    killNodeFault(handle),
    startNodeFault(handle),
    breakReplicaLinkFault(handle),
    healReplicaLinkFault(handle),
    squeezeMemoryFault(handle),
    restoreMaxmemoryFault(handle),
    stripTtlsFault(handle),
    killAppFault(handle),
    hotKeyFloodFault(handle),
  ]
}

/** The same faults as the menu and scenario checks know them, before any run is open. */
export const faultMenu: readonly FaultMenuEntry[] = [
  { name: 'kill_primary', targeted: false },
  { name: 'pause_primary', targeted: false },
  { name: 'resume_node', targeted: true },
  { name: 'kill_node', targeted: true },
  { name: 'start_node', targeted: true },
  { name: 'break_replica_link', targeted: true, targets: REDIS_NODES },
  { name: 'heal_replica_link', targeted: true, targets: REDIS_NODES },
  { name: 'squeeze_memory', targeted: false },
  { name: 'restore_maxmemory', targeted: false },
  { name: 'strip_ttls', targeted: false },
  { name: 'kill_app', targeted: true, targets: APPS },
  { name: 'hot_key_flood', targeted: false },
]
