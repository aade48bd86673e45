/**
 * A plan acts only on what is broken: a step whose `params.member` names a
 * member that no current violation names is invalid ("m1 is healthy"),
 * whoever planned it — a model, or a rule. A ticket about the cluster as a
 * whole (no target, or keyed by something else than a member: an alarm) may
 * act on any member.
 */
import type { Subject, Violation } from '../core/subject.js'

const members = (v: Violation) => (v.target === null ? [] : v.target.split(','))

/** Why this step would act on a healthy member; null when it does not. */
export function healthyTarget(
  subject: Subject,
  ticketKey: string,
  params: Record<string, unknown>,
  observation: unknown,
): string | null {
  const member = params.member
  if (typeof member !== 'string') return null
  const present = subject.checker.evaluate(observation as never)
  const ticket = present.find((v) => v.key === ticketKey)
  // A ticket about one member is keyed by it (members_healthy:m2); one keyed otherwise (no_alarm:NOSPACE, raised by
  // m1) is about the cluster, and its plan may act on every member.
  if (ticket !== undefined && ticket.key !== `${ticket.invariant}:${ticket.target}`) return null
  if (present.some((v) => members(v).includes(member))) return null
  const broken = present.map((v) => v.key).join(', ') || 'nothing'
  return `${member} is healthy (no violation names it; broken now: ${broken}): a plan acts only on what is broken`
}
