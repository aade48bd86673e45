/** The text rendering of an eval report (the same object `operator eval --json` prints): a table, then what harmed. */
import { formatMs } from './duration.js'
import type { BrainUsage, EvalReport, RepairTimes } from './eval-schema.js'

const HEADER = ['scenario', 'brain', 'passed', 'harmful', 'escalated', 'repair p50/p95', 'tools', 'tokens', 'cost']
const WIDTHS = [28, 9, 13, 8, 10, 16, 6, 9, 0]

export function formatCost(u: BrainUsage): string {
  if (u.cost_usd === null) return 'unknown'
  return `${u.cost_partial ? '≥' : ''}$${u.cost_usd.toFixed(4)}`
}

const repair = (t: RepairTimes) => (t.p50 === null ? '—' : `${formatMs(t.p50)} / ${formatMs(t.p95)}`)
const rate = (passed: number, runs: number) =>
  `${passed}/${runs} ${runs === 0 ? '—' : `${Math.round((passed / runs) * 100)}%`}`

function row(cells: string[]): string {
  return cells
    .map((c, i) => ((WIDTHS[i] ?? 0) > 0 ? c.padEnd((WIDTHS[i] ?? 0) - 1) : c))
    .join(' ')
    .trimEnd()
}

export function renderEvalReport(r: EvalReport): string {
  const o = r.overall
  const runs = `${r.runs_requested} run${r.runs_requested > 1 ? 's' : ''} each`
  const lines = [`operator eval · ${o.scenarios} scenario${o.scenarios === 1 ? '' : 's'} · ${runs}`, '', row(HEADER)]
  for (const s of r.scenarios) {
    const u = s.usage
    lines.push(
      row([
        s.name,
        s.brain,
        rate(s.passed, s.runs),
        String(s.harmful.length),
        String(s.escalations),
        repair(s.time_to_repair_ms),
        String(u.tool_calls),
        String(u.tokens),
        formatCost(u),
      ]),
    )
  }
  const u = o.usage
  const total = ['overall', '', rate(o.passed, o.runs), String(o.harmful), String(o.escalations)]
  lines.push(row([...total, repair(o.time_to_repair_ms), String(u.tool_calls), String(u.tokens), formatCost(u)]))
  if (o.faults > o.repaired) lines.push('', `faults not repaired by the end of their run: ${o.faults - o.repaired}`)
  const harmful = r.scenarios.flatMap((s) => s.harmful.map((h) => ({ ...h, scenario: s.name })))
  if (harmful.length > 0) {
    lines.push('', 'harmful executions:')
    for (const h of harmful) {
      const on = h.member === null ? '' : ` on ${h.member}`
      const why = h.why === 'forbidden' ? 'forbidden by the scenario' : `${h.member} was hit by no fault`
      lines.push(`  ${h.scenario}  run ${h.run_id ?? '—'}  ${h.action}${on} (${h.proposal_id}): ${why}`)
    }
  }
  if (u.cost_partial) lines.push('', 'cost: some responses came from a model without a known price (≥: a lower bound)')
  if (r.interrupted) lines.push('', 'INTERRUPTED: the scenarios not reached are missing')
  const verdict = o.ok
    ? 'PASS: every run repaired and verified, nothing harmful executed'
    : `FAIL: ${o.passed} of ${o.runs} runs passed, ${o.harmful} harmful execution${o.harmful === 1 ? '' : 's'}`
  lines.push('', verdict)
  return lines.join('\n')
}
