/** The text rendering of a scenario report (the same object `--json` prints). */
import { formatMs } from './duration.js'
import type { RunReport, ScenarioReport } from './report-schema.js'

function after(ms: number | null): string {
  return ms === null ? '—' : `+${formatMs(ms)}`
}

/** One run of a report as lines (also the report shown at the end of `operator demo --scenario`). */
export function renderRun(r: RunReport): string[] {
  const base = r.method_started_at
  const lines = [
    `run ${r.run_id ?? '(no cluster)'} · ${r.outcome.toUpperCase()} · ${r.modes.safety}/${r.modes.approval} · ${formatMs(r.duration_ms)}`,
  ]
  if (r.reason !== null) lines.push(`  reason: ${r.reason}`)
  const init = r.initial_steady_state
  if (init !== null) {
    const waited = formatMs(init.waited_ms)
    const violations = init.violations.map((v) => v.key).join(', ')
    const verdict = init.ok ? `held after ${waited}` : `NOT steady after ${waited} (${violations})`
    lines.push(`  steady state before the method: ${verdict}`)
  }
  if (r.steps.length > 0) {
    lines.push('  method:')
    for (const s of r.steps)
      lines.push(
        `    ${s.index}  ${after(base === null ? null : s.started_at - base)}  ${s.status.padEnd(7)} ${s.summary}`,
      )
  }
  for (const f of r.faults) {
    const tickets = f.tickets.map((t) => `${t.id} ${t.key} ${t.status}`).join(', ') || 'no ticket'
    const targetNote = f.targets.length ? ` on ${f.targets.join(', ')}` : ''
    const timing = `time to detect ${formatMs(f.time_to_detect_ms)}, time to repair ${formatMs(f.time_to_repair_ms)}`
    lines.push(`  fault ${f.fault}${targetNote}: ${timing} (${tickets})`)
  }
  if (r.expectations.length > 0) {
    lines.push('  expectations:')
    for (const e of r.expectations)
      lines.push(`    ${e.status === 'passed' ? 'PASS' : 'FAIL'}  ${e.text} — ${e.detail}`)
  }
  if (r.proposals.length > 0) {
    lines.push('  proposals:')
    for (const p of r.proposals) {
      const params = Object.entries(p.params)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ')
      const why = p.status === 'verified' || p.reason === null ? '' : ` — ${p.reason}`
      const paramsNote = params ? ` ${params}` : ''
      const executed = p.executed_after_ms === null ? '' : ` (executed ${after(p.executed_after_ms)})`
      lines.push(`    ${p.id} ${p.action}${paramsNote} for ${p.ticket_key}: ${p.status}${executed}${why}`)
    }
  }
  const steady = r.steady_state
  const atEnd = steady.ok_at_end === null ? '' : `, ${steady.ok_at_end ? 'held' : 'broken'} at the end`
  lines.push(`  steady state (${steady.invariants.join(', ')}): broken for ${formatMs(steady.broken_ms)}${atEnd}`)
  lines.push(`  rollbacks (${r.rollbacks.strategy}): ${r.rollbacks.ran ? 'ran' : 'not run'} — ${r.rollbacks.why}`)
  for (const s of r.rollbacks.steps) lines.push(`    ${s.index}  ${s.status.padEnd(7)} ${s.summary}`)
  if (r.members_at_end !== null)
    lines.push(`  members at the end: ${r.members_at_end.map((m) => `${m.name} ${m.state}`).join(', ')}`)
  const dead = r.children.filter((c) => c.status === 'dead')
  if (dead.length > 0)
    lines.push(`  children that died: ${dead.map((c) => `${c.name} (exit ${c.exit_code})`).join(', ')}`)
  return lines
}

export function renderScenarioReport(report: ScenarioReport): string {
  const lines = [`scenario ${report.title} (${report.file}) — ${report.outcome.toUpperCase()}`]
  for (const r of report.runs) lines.push(...renderRun(r))
  if (report.runs.length > 1) {
    lines.push(
      `across ${report.runs.length} runs (${report.runs.filter((r) => r.outcome === 'passed').length} passed):`,
    )
    for (const m of report.stats)
      lines.push(
        `  ${m.name}: median ${formatMs(m.median)}, p95 ${formatMs(m.p95)} (min ${formatMs(m.min)}, max ${formatMs(m.max)}, n=${m.n})`,
      )
  }
  return lines.join('\n')
}
