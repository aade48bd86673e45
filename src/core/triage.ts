/**
 * Triage of one observation's violations with the subject's playbook: each
 * violation annotated as a root or a consequence, roots in the order their
 * repair restores service fastest, consequences after them. The monitor
 * opens tickets in this order (a consequence's root has its ticket first);
 * the agent asks before it acts and again while it verifies.
 */
import type { BaseObservation, Playbook, Triage, Violation } from './subject.js'

const ROOT: Triage = { cause: null, priority: 0, reason: '' }

/** The playbook's triage by key; every key of `violations` has an entry (a root of priority 0 unless the playbook says otherwise). */
export function triageOf<O extends BaseObservation>(
  playbook: Playbook<O>,
  violations: readonly Violation[],
  observation: O,
): Map<string, Triage> {
  const found = playbook.triage?.(violations, observation) ?? new Map<string, Triage>()
  const out = new Map<string, Triage>()
  for (const v of violations) {
    const t = found.get(v.key)
    // A cause that is not among this observation's violations is no cause.
    const known = t !== undefined && (t.cause === null || violations.some((w) => w.key === t.cause))
    out.set(v.key, known ? t : ROOT)
  }
  return out
}

/** `violations` annotated with their triage, roots first (highest priority first), then consequences; stable otherwise. */
export function triaged<O extends BaseObservation>(
  playbook: Playbook<O>,
  violations: readonly Violation[],
  observation: O,
  context: readonly Violation[] = violations,
): Violation[] {
  const all = [...context, ...violations.filter((v) => !context.some((c) => c.key === v.key))]
  const roles = triageOf(playbook, all, observation)
  const rank = (t: Triage) => (t.cause === null ? -t.priority : 1_000_000)
  return violations
    .map((v, i) => ({ v: { ...v, triage: roles.get(v.key) ?? ROOT }, i }))
    .sort((a, b) => rank(a.v.triage) - rank(b.v.triage) || a.i - b.i)
    .map(({ v }) => v)
}
