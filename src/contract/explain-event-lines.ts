/**
 * One line per audit event, for the timeline: what happened, to what, and
 * why, in words — collapsed to one line, cut at a bound and redacted (the
 * log is redacted already; a line joins fields, so it is checked again).
 */
import type { AuditEvent } from '../core/records.js'
import { redactText } from '../core/redact.js'

const MAX = 200

type Payload = Record<string, unknown>

const text = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v)
const why = (v: unknown): string => (typeof v === 'string' && v.length > 0 ? `: ${v}` : '')

function modesText(v: unknown): string {
  const m = (v ?? {}) as { safety?: unknown; approval?: unknown; kill_latched?: unknown }
  return `${text(m.safety)}/${text(m.approval)}${m.kill_latched === true ? ' (kill latched)' : ''}`
}

const LINES: Record<string, (p: Payload, e: AuditEvent) => string> = {
  'ticket.opened': (p) => `${text(p.ticket_id)} opened: ${text(p.key)} (${text(p.severity)}) ${text(p.message)}`,
  'proposal.proposed': (p) =>
    `${text(p.proposal_id)} proposed for ${text(p.ticket_id)}: ${text(p.action)} ${text(p.params)} (risk ${text(p.risk)}, tier ${text(p.tier)})`,
  'approval.recorded': (p, e) =>
    `${e.actor} ${p.decision === 'reject' ? 'rejected' : 'approved'} ${text(p.proposal_id)} (${Array.isArray(p.counted) ? p.counted.length : 0}/${text(p.required)}${p.rule_id ? ` under ${text(p.rule_id)}` : ''})`,
  'approval.revoked': (p, e) => `${e.actor} revoked their approval of ${text(p.proposal_id)}`,
  'token.issued': (p) => `execution token issued for ${text(p.proposal_id)}`,
  'token.refused': (p) => `no execution token for ${text(p.proposal_id)}${why(p.reason)}`,
  'execution.refused': (p) => `the gate refused ${text(p.proposal_id)}${why(p.reason)}`,
  'policy.reapplied': (p) =>
    `policy applied again to ${text(p.proposal_id)}: ${text((p.to as Payload | undefined)?.decision)} by ${text((p.to as Payload | undefined)?.rule_id)}`,
  'mode.changed': (p) => `modes ${modesText(p.from)} → ${modesText(p.to)}${why(p.reason)}`,
  'mode.refused': (p) => `execute mode refused${why(p.reason)}`,
  'kill_switch.engaged': (p) =>
    `kill switch: ${text(p.proposals_cancelled)} proposal(s) cancelled, ${Array.isArray(p.proposals_interrupted) ? p.proposals_interrupted.length : 0} interrupted, ${text(p.tickets_escalated)} ticket(s) escalated`,
  'fault.injected': (p) =>
    `fault ${text(p.fault)} on ${Array.isArray(p.targets) ? p.targets.join(', ') : '?'}${why(p.summary)}`,
  'cluster.up': (p) => `cluster up (${text(p.subject)}, ${text(p.runtime)})`,
  'cluster.down': (p) => `cluster down${Array.isArray(p.stopped) ? `: stopped ${p.stopped.join(', ')}` : ''}`,
  'agent.started': (p) => `agent ${text(p.agent_id)} started (pid ${text(p.pid)})`,
  'agent.stopped': (p) => `agent ${text(p.agent_id)} stopped${why(p.reason)}`,
  'agent.diagnosed': (p) => {
    const c = Array.isArray(p.candidates) ? (p.candidates[0] as Payload | undefined) : undefined
    return `${text(p.ticket_id)} diagnosed (${text(p.brain)}, plan ${text(p.plan)})${why(c?.rationale)}`
  },
}

/** The event in one line. */
export function eventLine(e: AuditEvent): string {
  const p = e.payload
  const known = LINES[e.type]
  let line: string
  if (known) line = known(p, e)
  else if (e.type.startsWith('ticket.'))
    line = `${text(p.ticket_id)} ${e.type.slice(7)}${p.escalation_reason ? ` (${text(p.escalation_reason)})` : ''}${why(p.reason)}`
  else if (e.type.startsWith('proposal.'))
    line = `${text(p.proposal_id)} ${text(p.action)} ${e.type.slice(9)}${why(p.reason)}`
  else line = `${e.type}${keysText(p)}`
  const flat = redactText(line.replace(/\s+/g, ' ').trim())
  return flat.length > MAX ? `${flat.slice(0, MAX - 1)}…` : flat
}

/** `{a: 1, b: "x"}` → ` a=1 b=x` for events no line knows (short values only). */
function keysText(p: Payload): string {
  const parts = Object.entries(p)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .map(([k, v]) => `${k}=${String(v)}`)
  return parts.length > 0 ? ` ${parts.join(' ')}` : ''
}
