/**
 * The reasons that stop every proposal at once: the kill switch's latch and
 * observe mode. They block what has not started (and explain what they
 * cancelled or turned into `observed`); what ran is not theirs to explain.
 */
import { NOT_STARTED_STATUSES, type ProposalStatus } from '../core/proposal-machine.js'
import type { Proposal } from '../core/records.js'
import { KILL_SWITCH_EVENT } from '../safety/kill-switch.js'
import type { BlockingReason } from './blocking-codes.js'
import { type ExplainFacts, latest, seqRef, verify } from './explain-facts.js'

/** States the modes stand in the way of: not started, or stopped by them. */
function gated(status: ProposalStatus): boolean {
  return NOT_STARTED_STATUSES.includes(status) || status === 'cancelled' || status === 'observed'
}

export function killSwitchReason(f: ExplainFacts, p: Proposal): BlockingReason | null {
  if (!f.modes.kill_latched || !gated(p.status)) return null
  const pulled = latest(f, [KILL_SWITCH_EVENT])
  const by = pulled ? ` (pulled by ${pulled.actor}, seq ${pulled.seq})` : ''
  return {
    code: 'kill_switch_latched',
    message: `the kill switch is latched${by}: nothing executes until a person runs \`operator mode execute\``,
    evidence: [...(pulled ? [seqRef(pulled)] : []), verify('operator mode')],
  }
}

export function observeModeReason(f: ExplainFacts, p: Proposal): BlockingReason | null {
  const observedEvent = latest(f, ['proposal.observed'], p.id)
  const now = f.modes.safety === 'observe'
  if (p.status !== 'observed' && !(now && gated(p.status))) return null
  const change = f.events.findLast(
    (e) => e.type === 'mode.changed' && (e.payload.to as { safety?: unknown } | undefined)?.safety === 'observe',
  )
  const since = change ? ` since seq ${change.seq} (${change.actor})` : ' (the default; no change recorded)'
  const message =
    p.status === 'observed'
      ? `it ended \`observed\`: observe mode was on, so it was recorded and never executed${
          now ? `; safety mode is still observe${since}` : '; execute mode is on now: the agent proposes again'
        }`
      : `safety mode is observe${since}: proposals end \`observed\` and nothing executes until \`operator mode execute\``
  return {
    code: 'observe_mode',
    message,
    evidence: [
      ...(observedEvent ? [seqRef(observedEvent)] : []),
      ...(change && now ? [seqRef(change)] : []),
      verify('operator mode'),
    ],
  }
}
