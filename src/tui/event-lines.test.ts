import { describe, expect, it } from 'vitest'
import { agentEventLines } from './event-lines.js'

describe('an escalation on the screen', () => {
  it('shows its one-line summary in the Monitor panel and beside the reason in the Agent panel', () => {
    const summary = 'restart_member m2 failed: discovery failed: bind: address already in use — free the port'
    const lines = agentEventLines(
      'ticket.escalated',
      { ticket_id: 'T-1', key: 'members_healthy:m2', reason: 'no candidate repaired it', summary },
      summary,
      5,
    )
    expect(lines.monitor).toEqual({
      at: 5,
      text: `ESCALATED T-1 members_healthy:m2: ${summary}`,
      tone: 'warn',
      ticket_id: 'T-1',
    })
    expect(lines.agent?.text).toBe(`T-1 ESCALATED: no candidate repaired it — ${summary}`)
  })

  it('shows the reason when the escalation has no summary', () => {
    const lines = agentEventLines('ticket.escalated', { ticket_id: 'T-2', key: 'k', reason: 'observe mode' }, '', 1)
    expect(lines.monitor?.text).toBe('ESCALATED T-2 k: observe mode')
    expect(lines.agent?.text).toBe('T-2 ESCALATED: observe mode')
  })
})
