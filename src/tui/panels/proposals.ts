/**
 * The Proposals panel: the queue awaiting a person, each entry with the exact
 * action and params, risk, tier, content hash and rationale; the selected
 * entry highlighted and kept in view; the executing count underneath.
 */
import type { Proposal } from '../../core/records.js'
import { clean, esc, joinSegments, label, pad, paint, type Segment, seg, truncate, wrap } from './text.js'

const RISK_STYLE: Record<Proposal['risk'], string> = {
  low: 'green-fg',
  medium: 'yellow-fg',
  high: 'red-fg',
  critical: 'red-fg',
}

export interface ProposalsInput {
  pending: Proposal[]
  executing: Proposal[]
  selected: number
}

export function proposalsLabel(input: ProposalsInput, focused: boolean, width: number): string {
  const n = input.pending.length
  const parts = [seg(`${focused ? '▸ ' : ''}Proposals`)]
  if (n > 0) parts.push(seg(`${n} awaiting`, 'yellow-fg'))
  if (n > 1) parts.push(seg(`${Math.min(input.selected, n - 1) + 1}/${n}`))
  return label(parts, width)
}

function entry(p: Proposal, selected: boolean, width: number): string[] {
  const step = p.steps > 1 ? ` · step ${p.step + 1}/${p.steps}` : ''
  const head = `${selected ? '▶' : ' '} ${clean(p.id)} · ${clean(p.ticket_id)} · ${clean(p.action)}${step}`
  const lines = [
    selected ? paint(esc(pad(head, width)), ['black-fg', 'cyan-bg']) : paint(esc(truncate(head, width)), 'bold'),
  ]
  for (const part of wrap(clean(JSON.stringify(p.params) ?? '{}'), width - 2, 0))
    lines.push(`  ${paint(esc(part), 'cyan-fg')}`)
  // risk · tier · hash, on as many rows as the width needs.
  const facts = [
    seg(`risk ${p.risk}`, p.risk === 'critical' ? ['red-fg', 'bold'] : RISK_STYLE[p.risk]),
    seg(`tier ${p.tier}`, p.tier === 3 ? 'red-fg' : null),
    ...(p.risk_assessment
      ? [seg(`score ${p.risk_assessment.session_score}`, p.risk_assessment.extra_approvals > 0 ? 'red-fg' : null)]
      : []),
    ...(p.policy
      ? [
          seg(
            `rule ${clean(p.policy.rule_id)}${p.policy.min_approvals > 1 ? ` (${p.policy.min_approvals} people)` : ''}`,
            'magenta-fg',
          ),
        ]
      : []),
    seg(`sha ${p.content_hash.slice(0, 12)}`, 'grey-fg'),
  ]
  let row: Segment[] = []
  for (const fact of facts) {
    if (row.length > 0 && 2 + joinSegments([...row, fact], ' · ').width > width) {
      lines.push(`  ${joinSegments(row, ' · ').tagged}`)
      row = []
    }
    row.push(fact)
  }
  lines.push(`  ${joinSegments(row, ' · ').tagged}`)
  for (const part of wrap(clean(p.rationale), width - 2, 0)) lines.push(`  ${esc(part)}`)
  return lines
}

/** Content of the Proposals panel for an inner area of `width` × `height` cells. */
export function proposalsContent(input: ProposalsInput, width: number, height: number): string {
  if (width <= 0 || height <= 0) return ''
  const footer = executingLine(input.executing, width)
  const bodyHeight = Math.max(0, height - 2)
  if (input.pending.length === 0) {
    const body = [paint('nothing awaiting approval', 'grey-fg')]
    return [...body, ...Array<string>(Math.max(0, height - body.length - 1)).fill(''), footer].slice(-height).join('\n')
  }
  const selected = Math.max(0, Math.min(input.selected, input.pending.length - 1))
  const lines: string[] = []
  let selStart = 0
  let selEnd = 0
  input.pending.forEach((p, i) => {
    if (i > 0) lines.push('')
    if (i === selected) selStart = lines.length
    lines.push(...entry(p, i === selected, width))
    if (i === selected) selEnd = lines.length
  })
  let start = 0
  if (lines.length > bodyHeight) {
    start = Math.min(selStart, Math.max(0, lines.length - bodyHeight))
    if (selEnd - start > bodyHeight) start = selStart
  }
  const body = lines.slice(start, start + bodyHeight)
  const filler = Array<string>(Math.max(0, height - body.length - 1)).fill('')
  return [...body, ...filler, footer].slice(-height).join('\n')
}

function executingLine(executing: Proposal[], width: number): string {
  if (executing.length === 0) return paint('executing: none', 'grey-fg')
  const names = executing.map((p) => `${clean(p.id)} ${clean(p.action)}`).join(', ')
  return paint(esc(truncate(`${executing.length} executing: ${names}`, width)), 'yellow-fg')
}
