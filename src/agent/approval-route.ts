/**
 * How a validated proposal gets approved, from the modes in force: observe
 * mode records it only; auto mode lets the system approve tiers 1–2; manual
 * mode and tier 3 wait for a person.
 */
import type { Modes } from '../core/records.js'
import type { Tier } from '../core/subject.js'

export type ApprovalRoute = 'observe_only' | 'system' | 'person'

export function approvalRoute(modes: Pick<Modes, 'safety' | 'approval'>, tier: Tier): ApprovalRoute {
  if (modes.safety === 'observe') return 'observe_only'
  if (modes.approval === 'auto' && tier <= 2) return 'system'
  return 'person'
}
