/**
 * The text of `operator explain`: the same object `--json` prints, as lines
 * for a person — reasons numbered in triage order, each with its evidence.
 */
import type { BlockingReason } from './blocking-codes.js'
import type { EvidenceRef } from './common.js'
import type { Explanation, ProposalExplanation, RunExplanation, TicketExplanation } from './explain-schema.js'

export function explainText(e: Explanation): string {
  switch (e.kind) {
    case 'proposal':
      return proposalText(e)
    case 'ticket':
      return ticketText(e)
    case 'run':
      return runText(e)
  }
}

function proposalText(e: ProposalExplanation): string {
  const where = `${e.ticket_id}${e.run_id ? `, run ${e.run_id}` : ''}`
  const n = e.reasons.length
  const head = e.blocked
    ? `blocked by ${n} reason${n === 1 ? '' : 's'}, in triage order`
    : (e.reasons[0]?.message ?? 'not blocked')
  return [
    `${e.id} ${e.action} ${JSON.stringify(e.params)} (${where}): ${e.status} — ${head}`,
    ...(e.blocked
      ? e.reasons.flatMap((r, i) => reasonLines(r, `  ${i + 1}. `))
      : [`  ${evidenceLine(e.reasons[0]?.evidence ?? [])}`]),
  ].join('\n')
}

function reasonLines(r: BlockingReason, prefix: string): string[] {
  const pad = ' '.repeat(prefix.length)
  return [`${prefix}${r.code}: ${r.message}`, `${pad}${evidenceLine(r.evidence)}`]
}

function ticketText(e: TicketExplanation): string {
  const c = e.root_cause
  const lines = [
    `${e.id} ${e.key} (${e.severity}, run ${e.run_id}): ${e.status}${e.status_reason ? ` — ${e.status_reason}` : ''}`,
    `  ${e.message}`,
    ...(e.follows ? [`  follows ${e.follows}: it resolves with its root`] : []),
  ]
  if (c) {
    lines.push(`  root cause: ${c.code} — ${c.summary}`)
    if (c.error) lines.push(`    error: ${c.error}`)
    if (c.advice) lines.push(`    advice: ${c.advice}`)
    for (const x of c.excerpts) lines.push(`    | ${x}`)
    lines.push(`    ${evidenceLine(c.evidence.filter((r) => r.type !== 'redacted_excerpt'))}`)
  }
  lines.push(e.proposals.length === 0 ? '  proposals: none' : '  proposals:')
  for (const p of e.proposals) {
    lines.push(`    ${p.id} ${p.action} ${p.status}: ${p.reasons.map((r) => r.code).join(', ')}`)
    const first = p.reasons[0]
    if (first) lines.push(`      ${first.message}`)
  }
  lines.push(`  ${evidenceLine(e.evidence)}`)
  return lines.join('\n')
}

function runText(e: RunExplanation): string {
  const when =
    e.ended_at === null
      ? `running since ${iso(e.started_at)}`
      : `ended ${iso(e.ended_at)} (started ${iso(e.started_at)})`
  return [
    `run ${e.id}: ${when}, ${e.tickets.length} ticket${e.tickets.length === 1 ? '' : 's'}`,
    ...e.tickets.map((t) => `  ${t.id} ${t.key} ${t.status} — ${t.summary}`),
    `  ${evidenceLine(e.evidence)}`,
  ].join('\n')
}

/** `evidence: seq 12 (mode.changed) · rule two-people (policy 1a2b… built-in) · check: operator mode` */
export function evidenceLine(refs: readonly EvidenceRef[]): string {
  if (refs.length === 0) return 'evidence: none recorded'
  return `evidence: ${refs.map(evidenceText).join(' · ')}`
}

export function evidenceText(r: EvidenceRef): string {
  const detail = r.detail ? ` (${r.detail})` : ''
  switch (r.type) {
    case 'audit_seq':
      return `seq ${r.ref}${detail}`
    case 'policy_rule':
      return `rule ${r.ref}${detail}`
    case 'verification':
      return `check: ${r.ref}`
    case 'redacted_excerpt':
      return `"${r.ref}"`
    case 'run_id':
      return `run ${r.ref}`
    default:
      return `${r.type} ${r.ref}${detail}`
  }
}

/** UTC, to the second: the same text wherever it is rendered. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
