/**
 * What the model brain writes to the agent's output (NDJSON, redacted by the
 * logger): the model's answer as it streams and once whole, each tool call
 * with its result, and the conversation's requests and responses as data
 * lines. The screen folds a model line to one row and expands it with enter;
 * a run's recording keeps every line, so a replay has the whole conversation.
 */
import type { Clock } from '../../core/clock.js'
import type { Logger } from '../../log/logger.js'
import type { ContentBlock, StreamEvent } from './model-client.js'

/** The most of a whole answer or a tool result one line carries. */
export const DETAIL_CHARS = 8000

/** Events that are data for the recording, not lines of their own in the Agent panel. */
const DATA_EVENTS = new Set([
  'brain.started',
  'brain.request',
  'brain.response',
  'brain.tool_result',
  'brain.budget_exceeded',
  'brain.ended',
])

export class AgentLines {
  constructor(
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly ticketId: string,
  ) {}

  /** A brain event recorded in the audit log, also as a data line of the agent's output. */
  data(type: string, payload: Record<string, unknown>): void {
    if (DATA_EVENTS.has(type)) this.logger.info({ event: type, ticket_id: this.ticketId, ...payload })
  }

  /** The model's whole answer of one turn: folded in the message, as written in `text`. */
  text(turn: number, content: ContentBlock[]): void {
    const whole = content
      .flatMap((b) => (b.type === 'text' ? [b.text] : []))
      .join('\n')
      .trim()
    const folded = whole.replace(/\s+/g, ' ')
    if (folded)
      this.logger.info(
        { event: 'brain.text', ticket_id: this.ticketId, turn, text: whole.slice(0, DETAIL_CHARS) },
        `model: ${folded.slice(0, 300)}`,
      )
  }

  /** One tool call, with what the model got back (null while the agent runs a plan). */
  tool(name: string, input: unknown, result: string | null): void {
    this.logger.info(
      {
        event: 'brain.tool',
        ticket_id: this.ticketId,
        tool: name,
        input,
        result: result?.slice(0, DETAIL_CHARS) ?? null,
      },
      `→ ${name} ${JSON.stringify(input).slice(0, 200)}`,
    )
  }

  /** The model's text as it streams: at most every 300 ms, folded, the newest 300 characters. */
  streamer(turn: number): (e: StreamEvent) => void {
    let text = ''
    let last = 0
    return (e) => {
      if (e.type !== 'text') return
      text += e.text
      const now = this.clock.now()
      if (now - last < 300) return
      last = now
      const folded = text.replace(/\s+/g, ' ').trim().slice(-300)
      if (folded) this.logger.info({ event: 'brain.stream', ticket_id: this.ticketId, turn }, `model: ${folded}`)
    }
  }
}
