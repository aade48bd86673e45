/**
 * `nextStep(deps, runId?)`: the one thing to do next on a run (default: the
 * newest), decided by a fixed priority — a broken audit chain, a latched kill
 * switch, a dead child of a supervised run, a proposal waiting for a person, observe mode with tickets open, no
 * live agent for them, an escalation to investigate, a denied proposal whose
 * policy to review, the agent at work; once a run that changed the cluster is
 * over, keeping its audit package — else nothing.
 */
import { z } from 'zod'
import { childCheck } from './boot-checks.js'
import { type ContractDeps, NextStep, ref, SCHEMA_VERSION, SchemaVersion } from './common.js'
import { actionText, type ExplainFacts, gatherFacts, latest, seqRef, verify } from './explain-facts.js'
import { newestRunId, type RunFacts, runFacts } from './explain-runs.js'
import { evidenceLine } from './explain-text.js'

export const NextReport = NextStep.extend({
  schema_version: SchemaVersion,
  /** The run it was decided for; null when the database has none. */
  run_id: z.string().nullable(),
}).strict()
export type NextReport = z.infer<typeof NextReport>

/** Escalations an agent picks up again by itself once execute mode is back: not for a person to investigate. */
const PARKED = ['observe_mode', 'kill_switch']

export function nextStep(deps: ContractDeps, runId?: string): NextReport {
  const f = gatherFacts(deps)
  const id = runId ?? newestRunId(deps.store)
  const run = id === null ? null : runFacts(deps.store, id, f.now)
  return { schema_version: SCHEMA_VERSION, run_id: run?.id ?? null, ...decide(f, run) }
}

function decide(f: ExplainFacts, run: RunFacts | null): NextStep {
  const step = (
    action: NextStep['action'],
    command: string | null,
    rationale: string,
    evidence: NextStep['evidence'],
  ) => ({ action, command, rationale, evidence }) satisfies NextStep
  const chain = f.deps.store.verifyChain()
  if (!chain.ok)
    return step(
      'verify_audit',
      'operator audit verify',
      `the audit chain is broken at seq ${chain.broken_seq}: ${chain.reason}`,
      [ref.seq(chain.broken_seq, chain.reason)],
    )
  if (f.modes.kill_latched) {
    const pulled = latest(f, ['kill_switch.engaged'])
    return step(
      'release_kill_switch',
      'operator mode execute',
      `the kill switch is latched${pulled ? ` (pulled by ${pulled.actor})` : ''}: nothing executes until a person decides to release it`,
      [...(pulled ? [seqRef(pulled)] : []), verify('operator mode')],
    )
  }
  if (run === null)
    return step('start_cluster', 'operator cluster up', 'this database has no run yet', [verify('operator runs list')])
  const live = run.status === 'running'
  const children = childCheck(f.deps.store)
  if (live && !children.ok)
    return step(
      'restart_child',
      'press R on the demo screen (or start `operator demo` again)',
      `a child of the supervised run is dead: ${children.detail}`,
      children.evidence,
    )
  const proposals = run.tickets.flatMap((t) => f.deps.store.proposals({ ticketId: t.id }))
  const waiting = proposals.find((p) => p.status === 'awaiting_approval')
  if (waiting) {
    const at = latest(f, ['proposal.awaiting_approval'], waiting.id)
    return step(
      'approve_proposal',
      `operator approve ${waiting.id} --as NAME`,
      `${waiting.id} ${actionText(waiting)} on ${waiting.ticket_id} waits for a person (${waiting.reason ?? 'approval required'}); review it with \`operator proposal ${waiting.id}\` first`,
      [...(at ? [seqRef(at)] : []), ref.of('proposal', waiting.id), verify(`operator explain ${waiting.id}`)],
    )
  }
  const open = run.tickets.filter((t) => t.status !== 'resolved')
  const openIds = open.map((t) => t.id).join(', ')
  if (live && open.length > 0 && f.modes.safety === 'observe')
    return step(
      'resume_execute_mode',
      'operator mode execute',
      `safety mode is observe while ${open.length} ticket(s) are open (${openIds}): proposals are recorded, never executed`,
      [...open.map((t) => ref.of('ticket', t.id, t.key)), verify('operator mode')],
    )
  if (live && open.length > 0 && f.liveAgents.length === 0) {
    const stopped = latest(f, ['agent.stopped'])
    return step('start_agent', 'operator agent', `no live agent while ${open.length} ticket(s) are open (${openIds})`, [
      ...(stopped ? [seqRef(stopped)] : []),
      ...open.map((t) => ref.of('ticket', t.id, t.key)),
    ])
  }
  const escalated = open.findLast((t) => t.status === 'escalated' && !PARKED.includes(t.escalation_reason ?? ''))
  if (escalated)
    return step(
      'investigate_escalation',
      `operator explain ${escalated.id}`,
      `${escalated.id} ${escalated.key} was escalated to a person (${escalated.escalation_reason ?? 'no reason recorded'})`,
      [ref.of('ticket', escalated.id, escalated.key), verify(`operator timeline ${escalated.id}`)],
    )
  const openIdSet = new Set(open.map((t) => t.id))
  const denied = proposals.findLast(
    (p) => p.status === 'denied' && p.policy?.decision === 'deny' && openIdSet.has(p.ticket_id),
  )
  if (denied) {
    const at = latest(f, ['proposal.denied'], denied.id)
    return step(
      'review_policy_patch',
      `operator policy recommend ${denied.id}`,
      `${denied.id} ${actionText(denied)} was denied by rule ${denied.policy?.rule_id} while ${denied.ticket_id} is still open`,
      [
        ...(at ? [seqRef(at)] : []),
        ref.of('policy_rule', denied.policy?.rule_id ?? 'default'),
        verify(`operator explain ${denied.id}`),
      ],
    )
  }
  if (live && open.length > 0)
    return step('wait', null, `the agent is working on ${openIds}`, [
      ...open.map((t) => ref.of('ticket', t.id, t.key)),
      verify(`operator timeline ${run.id}`),
    ])
  const resolved = run.tickets.length - open.length
  const executed = proposals.findLast((p) => p.status === 'verified' || p.status === 'executed')
  if (!live && open.length === 0 && executed)
    return step(
      'export_audit',
      `operator audit export ${executed.id} --out ${executed.id}.audit.json`,
      `run ${run.id} is over and every ticket is resolved; ${executed.id} ${actionText(executed)} changed the cluster: keep its audit package (approvals, token, evidence, hash chain) for the record`,
      [ref.of('proposal', executed.id), ref.of('run_id', run.id), verify(`operator runs summary ${run.id}`)],
    )
  return step(
    'none',
    null,
    `nothing to do on run ${run.id} (${run.status}): ${resolved} ticket(s) resolved, ${open.length} open, no proposal waiting`,
    [ref.of('run_id', run.id), verify(`operator runs summary ${run.id}`)],
  )
}

export function nextText(r: NextReport): string {
  return [
    `next: ${r.action}${r.command ? ` — ${r.command}` : ''}`,
    `  why: ${r.rationale}`,
    `  ${evidenceLine(r.evidence)}`,
  ].join('\n')
}
