/**
 * Validation of a proposed action: it must exist for this subject, its
 * params must satisfy the action's schema, and it gets a risk and tier.
 * Errors read as `path: message`.
 */
import type { ActionDefinition, Risk, Tier } from '../core/subject.js'

export type Validation =
  | { ok: true; action: ActionDefinition<unknown>; params: unknown; risk: Risk; tier: Tier }
  | { ok: false; reason: string }

export function validateAction(
  actions: readonly ActionDefinition<unknown>[],
  name: string,
  params: unknown,
): Validation {
  const action = actions.find((a) => a.name === name)
  if (!action)
    return { ok: false, reason: `unknown action "${name}" (known: ${actions.map((a) => a.name).join(', ')})` }
  const parsed = action.params.safeParse(params)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(params)'}: ${i.message}`)
    return { ok: false, reason: issues.join('; ') }
  }
  return { ok: true, action, params: parsed.data, risk: action.risk, tier: action.tier }
}
