/**
 * Renders one NDJSON line from a child process (monitor, agent) as a
 * readable line for headless output. Lines that are not JSON are shown as
 * they are, never dropped, stamped with the time they arrived (now, or the
 * recorded time in a replay). Lines of one process watching several runs
 * (`--runs`) name their run after the source.
 */
import type { ChildView } from './run-events.js'

const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })

/** `withRun`: the line's top-level `run_id`, when it has one, follows the source. */
export function renderLine(source: string, line: string, at: number = Date.now(), withRun = false): string | null {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return `${stamp(at)} ${source.padEnd(8)} ${line}`
  }
  if (value === null || typeof value !== 'object') return `${stamp(at)} ${source.padEnd(8)} ${line}`
  const e = value as Record<string, unknown>
  const time = typeof e.time === 'number' ? e.time : at
  const event = typeof e.event === 'string' ? e.event : String(e.level ?? 'log')
  const msg = typeof e.msg === 'string' ? e.msg : ''
  const run = withRun && typeof e.run_id === 'string' ? `${e.run_id} ` : ''
  const head = `${stamp(time)} ${source.padEnd(8)} ${run}`
  switch (event) {
    case 'observation':
      return `${head}${String(e.summary ?? msg)}`
    case 'ticket.opened':
      return `${head}OPEN     ${String(e.ticket_id)} ${String(e.key)} (${String(e.severity)}): ${msg}`
    case 'ticket.resolved':
      return `${head}RESOLVED ${String(e.ticket_id)} ${String(e.key)}: ${msg}`
    case 'ticket.repeated':
      return null
    default:
      if (event.startsWith('proposal.'))
        return `${head}${event.slice(9).toUpperCase().padEnd(8)} ${String(e.proposal_id)} ${String(e.action)}: ${msg}`
      return `${head}${event.padEnd(8)} ${msg}`
  }
}

/**
 * A renderer for one merged stream: an observation line is printed only when
 * its summary differs from the previous one of the same source and run, so a
 * steady cluster does not scroll the interesting lines away. Once a fleet's
 * `run.joined` line has been seen (several runs under one process), every
 * line names its run.
 */
export function createLineRenderer(): (source: string, line: string, at?: number) => string | null {
  const lastSummary = new Map<string, string>()
  let fleet = false
  return (source, line, at) => {
    if (!fleet && line.includes('"event":"run.joined"')) fleet = true
    const summary = /"event":"observation".*?"summary":"([^"]*)"/.exec(line)?.[1]
    if (summary !== undefined) {
      // pino writes a child logger's bindings (the run_id) before the event's own fields.
      const key = `${source} ${/"run_id":"([^"]*)"/.exec(line)?.[1] ?? ''}`
      if (lastSummary.get(key) === summary) return null
      lastSummary.set(key, summary)
    }
    return renderLine(source, line, at, fleet)
  }
}

/** The headless line for a child that died. */
export function childDied(view: ChildView): string {
  return `${view.name} died (exit ${view.exit_code}): ${view.last_stderr.at(-1) ?? 'no stderr'}`
}

function stamp(ms: number): string {
  return TIME.format(new Date(ms))
}
