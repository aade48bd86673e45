/**
 * How the monitor's and the agent's NDJSON events read on the screen: the
 * log lines (with tone and ticket) each event adds to the Monitor and Agent
 * panels. Pure functions of the event; the view model keeps the lines.
 */
import type { BrainView, LogLine, Tone } from './view-types.js'

/** The lines an agent event adds: to the Agent panel, and (when it settles a ticket) to the Monitor panel. */
export interface EventLines {
  agent: LogLine | null
  monitor: LogLine | null
}

const NONE: EventLines = { agent: null, monitor: null }

/** A ticket or proposal event of the monitor as a Monitor line (observations are not lines); null: nothing to show. */
export function monitorEventLine(event: string, e: Record<string, unknown>, msg: string, at: number): LogLine | null {
  switch (event) {
    case 'ticket.opened':
      return {
        at,
        text: `OPEN ${str(e.ticket_id)} ${str(e.key)} (${str(e.severity)}) ${msg}`,
        tone: e.severity === 'critical' ? 'bad' : 'warn',
        ticket_id: str(e.ticket_id),
      }
    case 'ticket.repeated':
      return null
    case 'ticket.resolved': {
      const root = e.root ? ` with its root ${str(e.root)}` : ''
      return {
        at,
        text: `RESOLVED ${str(e.ticket_id)} ${str(e.key)}${root}`,
        tone: 'good',
        ticket_id: str(e.ticket_id),
      }
    }
    case 'monitor.error':
      return { at, text: `poll failed: ${str(e.error)}`, tone: 'bad' }
    default:
      return msg ? { at, text: msg, tone: 'info' } : null
  }
}

/** The lines an agent event adds; proposal stages read in capitals with their tone. */
export function agentEventLines(event: string, e: Record<string, unknown>, msg: string, at: number): EventLines {
  const ticket = typeof e.ticket_id === 'string' ? e.ticket_id : undefined
  /** The ticket id that starts a line, when the event has one. */
  const lead = ticket ? `${ticket} ` : ''
  const agent = (text: string, tone: Tone = 'info'): EventLines => ({
    agent: { at, text, tone, ...(ticket ? { ticket_id: ticket } : {}) },
    monitor: null,
  })
  if (event.startsWith('proposal.')) {
    const stage = event.slice('proposal.'.length)
    const tone: Tone = ['verified', 'executed', 'approved'].includes(stage)
      ? 'good'
      : ['failed', 'verify_failed', 'denied', 'cancelled', 'invalid', 'refused'].includes(stage)
        ? 'bad'
        : stage === 'awaiting_approval'
          ? 'warn'
          : 'info'
    const params = e.params && stage === 'proposed' ? ` ${JSON.stringify(e.params)}` : ''
    const duration =
      isRecord(e.result) && typeof e.result.duration_ms === 'number' ? ` (${e.result.duration_ms} ms)` : ''
    return agent(
      `${ticket ?? ''} ${str(e.proposal_id)} ${stage.toUpperCase()} ${str(e.action)}${params}${duration} — ${msg}`,
      tone,
    )
  }
  switch (event) {
    case 'ticket.claimed':
      return agent(`${ticket} claimed ${str(e.key)}${e.adopted_from ? ` (adopted from ${str(e.adopted_from)})` : ''}`)
    case 'ticket.deferred': {
      // A victim handed back to its root: the Monitor panel shows the link too.
      const root = str(e.cause_ticket) || str(e.cause_key)
      const text = `${ticket} FOLLOWS ${root}: ${str(e.reason)}`
      return {
        agent: agent(text).agent,
        monitor: { at, text: `LINKED ${ticket} → ${root}`, tone: 'info', ...(ticket ? { ticket_id: ticket } : {}) },
      }
    }
    case 'agent.diagnosed':
      return agent(`${ticket} diagnosis: ${msg.replace(/^diagnosis: /, '')}`)
    case 'agent.verifying':
      return agent(`${ticket} verifying: gone for ${num(e.settle_ms)} ms settles it`)
    case 'ticket.resolved':
    case 'ticket.escalated': {
      const resolved = event === 'ticket.resolved'
      const word = resolved ? 'RESOLVED' : 'ESCALATED'
      const tone: Tone = resolved ? 'good' : 'warn'
      // An escalation's one-line summary says what failed and what a person should consider.
      const summary = typeof e.summary === 'string' && e.summary !== '' ? e.summary : null
      // The agent settles the tickets it works on: the Monitor panel shows that too.
      const monitor: LogLine = {
        at,
        text: `${word} ${ticket} ${str(e.key)}: ${summary ?? str(e.reason)}`,
        tone,
        ...(ticket ? { ticket_id: ticket } : {}),
      }
      const agentText = `${ticket} ${word}: ${str(e.reason)}${summary !== null ? ` — ${summary}` : ''}`
      return { agent: agent(agentText, tone).agent, monitor }
    }
    case 'agent.ticket_done':
    case 'log':
      return NONE
    case 'brain.stream':
    case 'brain.text': {
      // What the model says as it streams, then what it said: one line, rewritten in place (keyed by ticket and
      // turn), folded to a row on screen; its detail is the whole answer as written.
      const said = msg.replace(/^model: /, '')
      const line = agent(`${lead}model: ${said}${event === 'brain.stream' ? ' …' : ''}`).agent
      const detail = typeof e.text === 'string' && e.text !== '' ? e.text : said
      return line ? { agent: { ...line, stream: `${ticket ?? ''}:${str(e.turn)}`, detail }, monitor: null } : NONE
    }
    case 'brain.tool': {
      // Built from the fields, which carry the whole input (the message cuts it short) and the result.
      const input = e.input === undefined ? '' : ` ${JSON.stringify(e.input)}`
      const line = agent(typeof e.tool === 'string' ? `${lead}→ ${e.tool}${input}` : `${lead}${msg}`).agent
      return line ? { agent: { ...line, detail: toolDetail(e) }, monitor: null } : NONE
    }
    case 'brain.fallback':
      return agent(`${lead}${msg || `model unavailable (${str(e.error)}): falling back to ${str(e.to)}`}`, 'warn')
    case 'brain.retry':
      return agent(`${lead}${msg || `model request failed (${str(e.error)}); retrying`}`, 'warn')
    case 'agent.kill_ack':
      return agent(`kill switch: aborted ${num(e.tasks_aborted)} task(s)`, 'bad')
    default:
      return msg ? agent(msg, event.includes('error') || event.includes('refused') ? 'warn' : 'info') : NONE
  }
}

/** A tool call as enter shows it: the input laid out, then what the model got back. */
function toolDetail(e: Record<string, unknown>): string {
  const input = e.input === undefined ? '(no input)' : JSON.stringify(e.input, null, 2)
  const result = typeof e.result === 'string' ? e.result : 'pending: the agent runs this plan through the gate'
  return `${str(e.tool)} input:\n${input}\n\nresult:\n${result}`
}

/** Which brain an agent plans with, from its `agent.started` line: the playbook when it does not say. */
export function agentBrain(e: Record<string, unknown>): BrainView {
  const name = typeof e.brain === 'string' && e.brain !== '' ? e.brain : 'playbook'
  const model = typeof e.model === 'string' && e.model !== '' ? e.model : null
  return { name, model }
}

export function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0
}

function str(v: unknown): string {
  return v === undefined || v === null ? '' : String(v)
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object'
}
