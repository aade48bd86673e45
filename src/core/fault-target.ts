/** Where a fault lands, from the words people type: a member's name, `leader` or `follower`. */
import type { FaultTarget } from './subject.js'

/** `--target` (or the fault menu's choice) as a FaultTarget; none when left out. */
export function parseTarget(raw: string | undefined): FaultTarget {
  if (raw === undefined) return { kind: 'none' }
  if (raw === 'leader' || raw === 'follower') return { kind: raw }
  return { kind: 'member', name: raw }
}
