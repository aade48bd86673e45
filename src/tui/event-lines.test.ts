import { describe, expect, it } from 'vitest'
import { brainLines, TOOL_RESULT } from '../../test/fixtures/tui-events.js'
import { agentBrain, agentEventLines } from './event-lines.js'

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

describe('the brain’s lines', () => {
  const at = 7
  const parse = (line: { text: string }) => JSON.parse(line.text) as Record<string, unknown>
  const lines = brainLines(at).map(parse)
  const of = (event: string) => {
    const e = lines.find((l) => l.event === event)
    if (!e) throw new Error(`no ${event} in the fixture`)
    return agentEventLines(event, e, String(e.msg), at)
  }

  it('shows what the model said in the Agent panel, after its ticket, whole', () => {
    const { agent, monitor } = of('brain.text')
    expect(agent).toEqual({
      at,
      text: expect.stringMatching(/^T-1 model: m2 exited with code 137 .* the smallest repair that could work$/),
      tone: 'info',
      ticket_id: 'T-1',
      // The line its streamed pieces were written on: the whole answer replaces them.
      stream: expect.stringMatching(/^T-1:/),
      // Folded on screen; enter shows the answer as the model wrote it.
      detail: expect.stringMatching(/^m2 exited .* unreachable;\nthe other two members .* could work$/),
    })
    expect(monitor).toBeNull()
  })

  it('shows a tool call with its whole input, from the fields rather than the shortened message', () => {
    const long = { script: 'x'.repeat(400) }
    const line = agentEventLines(
      'brain.tool',
      { ticket_id: 'T-1', tool: 'run_script', input: long },
      `→ run_script ${JSON.stringify(long).slice(0, 200)}`,
      at,
    )
    expect(line.agent).toMatchObject({ at, text: `T-1 → run_script ${JSON.stringify(long)}`, tone: 'info' })
    expect(line.agent?.detail).toContain('pending: the agent runs this plan through the gate')
    const read = of('brain.tool').agent
    expect(read?.text).toBe('T-1 → read_member_logs {"member":"m2","lines":50}')
    expect(read?.detail).toBe(
      `read_member_logs input:\n${JSON.stringify({ member: 'm2', lines: 50 }, null, 2)}\n\nresult:\n${TOOL_RESULT}`,
    )
  })

  it('shows the message of a tool call that names no tool', () => {
    expect(agentEventLines('brain.tool', { ticket_id: 'T-1' }, '→ ?', at).agent?.text).toBe('T-1 → ?')
  })

  it('warns of a fallback after its ticket, and of a retried request', () => {
    expect(of('brain.fallback').agent).toEqual({
      at,
      text: 'T-3 model unavailable (budget spent): the playbook plans instead',
      tone: 'warn',
      ticket_id: 'T-3',
    })
    expect(of('brain.retry').agent).toEqual({
      at,
      text: 'model request failed (529 overloaded); retry 1 in 500 ms',
      tone: 'warn',
    })
    expect(agentEventLines('brain.fallback', { error: 'timeout', to: 'escalate' }, '', at).agent?.text).toBe(
      'model unavailable (timeout): falling back to escalate',
    )
  })
})

describe('the agent’s brain', () => {
  it('is what agent.started says, and the playbook when it says nothing', () => {
    expect(agentBrain({ brain: 'llm', model: 'anthropic:claude-sonnet-4-5' })).toEqual({
      name: 'llm',
      model: 'anthropic:claude-sonnet-4-5',
    })
    expect(agentBrain({ brain: 'playbook', model: null })).toEqual({ name: 'playbook', model: null })
    expect(agentBrain({})).toEqual({ name: 'playbook', model: null })
  })
})
