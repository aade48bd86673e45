/**
 * The acted_on expectation: the members the agent's executed actions
 * targeted, in the order of each member's first execution, are exactly the
 * listed ones. A member outside the list (a victim) or a wrong order fails at
 * once; the scenario author's rollback proposals and actions that name no
 * member (params.member) do not count.
 */
import { formatMs } from './duration.js'
import type { RecordedRun } from './recorded-run.js'
import { endedIn, lateness, type Verdict } from './verdict.js'

/** created_by of the proposals the scenario's author makes (rollbacks, governed-action.ts): not the agent's. */
const SCENARIO_AUTHOR = 'scenario:'

/** The first execution on a member. */
export interface Touch {
  member: string
  proposal: string
  at: number
}

/** The first execution of the agent's on each member, in the order they came, between base and end. */
export function firstTouches(run: RecordedRun, base: number, end: number): Touch[] {
  const byId = new Map(run.proposals.map((p) => [p.id, p]))
  const touched = new Map<string, Touch>()
  const executions = run.proposal_events
    .filter((e) => e.type === 'proposal.executing' && e.ts >= base && e.ts <= end)
    .sort((a, b) => a.ts - b.ts || a.seq - b.seq)
  for (const e of executions) {
    const p = byId.get(String(e.payload.proposal_id))
    const member = p?.params.member
    if (p === undefined || p.created_by.startsWith(SCENARIO_AUTHOR) || typeof member !== 'string') continue
    if (!touched.has(member)) touched.set(member, { member, proposal: p.id, at: e.ts })
  }
  return [...touched.values()]
}

/** `m2, then m3`. */
export const inOrder = (names: readonly string[]): string => names.join(', then ')

const seen = (touches: readonly Touch[]) => inOrder(touches.map((t) => `${t.member} (${t.proposal})`))

export function actedOn(
  expected: readonly string[],
  within: number,
  run: RecordedRun,
  base: number,
  end: number,
  final: boolean,
): Verdict {
  const touches = firstTouches(run, base, end)
  const evidence = touches.map((t) => t.proposal)
  const prefix = touches.length <= expected.length && touches.every((t, i) => t.member === expected[i])
  if (!prefix) {
    const detail = `acted on ${seen(touches)}; expected ${inOrder(expected)}`
    return { status: 'failed', measured_ms: null, detail, evidence }
  }
  const last = touches[expected.length - 1]
  if (last !== undefined) {
    const measured = last.at - base
    const detail = `acted on ${seen(touches)} after ${formatMs(measured)}${lateness(measured, within)}`
    return { status: measured <= within ? 'passed' : 'failed', measured_ms: measured, detail, evidence }
  }
  const missing = inOrder(expected.slice(touches.length))
  if (final || end > base + within) {
    const so = touches.length === 0 ? 'no member acted on' : `acted on ${seen(touches)} but not on ${missing}`
    return { status: 'failed', measured_ms: null, detail: `${so} ${endedIn(base, within, end)}`, evidence }
  }
  const so = touches.length === 0 ? 'no member acted on yet' : `acted on ${seen(touches)}, not yet on ${missing}`
  return { status: 'pending', measured_ms: null, detail: `waiting: ${so}`, evidence }
}
