/** The text rendering of a `Boot` (what `operator boot` prints without `--json`). */
import type { Boot } from './boot-schema.js'

const when = (ts: number) => new Date(ts).toISOString()

function section(title: string, lines: string[], empty: string): string[] {
  return [
    `${title}${lines.length ? ` (${lines.length})` : ''}`,
    ...(lines.length ? lines : [empty]).map((l) => `  ${l}`),
  ]
}

function modesLine(b: Boot): string {
  const latch = b.modes.kill_latched ? 'kill latch SET' : 'kill ready'
  return `modes      ${b.modes.safety} · ${b.modes.approval} · ${latch} (by ${b.modes.updated_by} at ${when(b.modes.updated_at)})`
}

function handoffLines(b: Boot): string[] {
  const h = b.last_handoff
  if (!h) return ['last handoff  none']
  const drift = h.drift ? ' · recorded with drift' : ''
  return [
    `last handoff  ${h.handoff_id} by ${h.by} at ${when(h.ts)} (seq ${h.seq})${drift}`,
    `  ${h.summary}`,
    ...h.tasks.map((t) => `  task: ${t}`),
    ...h.risks.map((r) => `  risk: ${r}`),
    ...h.unknowns.map((u) => `  unknown: ${u}`),
  ]
}

export function bootText(b: Boot): string {
  const tickets = b.tickets.map((t) => {
    const who = t.claimed_by ? ` [${t.claimed_by}]` : ''
    const why = t.escalation_reason ? ` — ${t.escalation_reason}` : ''
    return `${t.id} ${t.status}${who} ${t.key} (${t.severity}) ${t.message}${why}`
  })
  const proposals = b.proposals.map(
    (p) =>
      `${p.id} ${p.status} v${p.version} ${p.action} ${JSON.stringify(p.params)} risk ${p.risk} tier ${p.tier} (ticket ${p.ticket_id})`,
  )
  const ledger = b.ledger.map((e) => {
    const on = e.proposal_id ?? e.ticket_id ?? '-'
    const rule = e.rule_id ? ` [${e.rule_id}]` : ''
    return `#${e.seq} ${e.kind} ${on} by ${e.actor}${rule}: ${e.reason}`
  })
  const events = b.events.map((e) => `#${e.seq} ${e.type} ${e.summary}`.trimEnd())
  const checks = b.checks.map((c) => `${c.ok ? '✔' : '✘'} ${c.check.padEnd(28)} ${c.detail}`)
  return [
    `boot · state ${b.state_digest.slice(0, 12)} · ${when(b.generated_at)}`,
    modesLine(b),
    `cluster    ${b.cluster.state}: ${b.cluster.summary}`,
    `policy     ${b.policy.source} ${b.policy.digest.slice(0, 12)}`,
    ...section('tickets', tickets, 'none open'),
    ...section('proposals', proposals, 'none pending'),
    ...section('decisions', ledger, 'none yet'),
    ...section('events', events, 'none yet'),
    ...handoffLines(b),
    'checks',
    ...checks.map((c) => `  ${c}`),
    `bind a handoff to this state: operator handoff --digest ${b.state_digest} --summary TEXT`,
  ].join('\n')
}
