/**
 * The reasons that stop every proposal at once: the kill switch's latch and
 * observe mode. They block what has not started (and explain what they
 * cancelled or turned into `observed`); what ran is not theirs to explain.
 */
import { NOT_STARTED_STATUSES, type ProposalStatus } from '../core/proposal-machine.js'
import type { Modes, Proposal } from '../core/records.js'
import { KILL_SWITCH_EVENT } from '../safety/kill-switch.js'
import type { BlockingReason } from './blocking-codes.js'
import { type ExplainFacts, latest, seqRef, verify } from './explain-facts.js'

/** States the modes stand in the way of: not started, or stopped by them. */
function gated(status: ProposalStatus): boolean {
  return NOT_STARTED_STATUSES.includes(status) || status === 'cancelled' || status === 'observed'
}

/** The modes that hold for the proposal's run: the global ones, made stricter by the run's own. */
function modesOf(f: ExplainFacts, p: Proposal): Modes {
  const run = f.deps.store.proposalRun(p.id)
  return run === undefined ? f.modes : f.deps.store.modes(run)
}

export function killSwitchReason(f: ExplainFacts, p: Proposal): BlockingReason | null {
  const modes = modesOf(f, p)
  if (!modes.kill_latched || !gated(p.status)) return null
  // Latched for this run alone (`operator kill --run`): only that run's execute mode clears it.
  const own = modes.run?.kill_latched === true && !f.modes.kill_latched ? modes.run.run_id : null
  const pulled =
    own === null
      ? latest(f, [KILL_SWITCH_EVENT])
      : f.events.findLast((e) => e.type === KILL_SWITCH_EVENT && e.run_id === own)
  const by = pulled ? ` (pulled by ${pulled.actor}, seq ${pulled.seq})` : ''
  const clear = own === null ? '`operator mode execute`' : `\`operator mode execute --run ${own}\``
  return {
    code: 'kill_switch_latched',
    message: `the kill switch is latched${own === null ? '' : ` for run ${own}`}${by}: nothing executes until a person runs ${clear}`,
    evidence: [...(pulled ? [seqRef(pulled)] : []), verify('operator mode')],
  }
}

export function observeModeReason(f: ExplainFacts, p: Proposal): BlockingReason | null {
  const observedEvent = latest(f, ['proposal.observed'], p.id)
  const now = modesOf(f, p).safety === 'observe'
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
