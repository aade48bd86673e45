import { describe, expect, it } from 'vitest'
import { brainLines, LLM_MODEL, RECORDED } from '../../test/fixtures/tui-events.js'
import { ViewModel } from './view-model.js'

function vm(capacity = 50) {
  return new ViewModel({
    invariants: ['leader_exists', 'members_healthy'],
    clusterTable: (o) => (o ? { headline: 'h', columns: ['member'], rows: [{ cells: ['m1'], tone: 'ok' }] } : null),
    logCapacity: capacity,
  })
}

describe('view model', () => {
  it('keeps lines that are not JSON as text and never throws on them', () => {
    const v = vm()
    v.ingestLine('agent', 'stdout', 'Segmentation fault (core dumped)', 1)
    v.ingestLine('agent', 'stdout', '[1, 2]', 2)
    v.ingestLine('agent', 'stdout', 'null', 3)
    expect(v.agentLog.toArray().map((l) => l.text)).toEqual([
      'agent: Segmentation fault (core dumped)',
      'agent: [1, 2]',
      'agent: null',
    ])
    v.ingestLine('workload', 'stderr', 'warning: slow', 4)
    expect(v.monitorLog.toArray().map((l) => l.text)).toEqual(['workload: warning: slow'])
  })

  it('marks invariants failing from the monitor’s violation keys and derives health', () => {
    const v = vm()
    expect(v.health).toBe('unknown')
    v.ingestLine(
      'monitor',
      'stdout',
      JSON.stringify({ event: 'observation', observation: {}, violations: ['members_healthy:m2'] }),
      1,
    )
    expect(v.invariants).toEqual([
      { id: 'leader_exists', ok: true },
      { id: 'members_healthy', ok: false },
    ])
    expect(v.health).toBe('degraded')
    v.ingestLine('monitor', 'stdout', JSON.stringify({ event: 'observation', observation: {}, violations: [] }), 2)
    expect(v.health).toBe('healthy')
  })

  it('bounds every log however many lines arrive', () => {
    const v = vm(50)
    for (let i = 0; i < 10_000; i++)
      v.ingestLine(
        'agent',
        'stdout',
        JSON.stringify({ event: 'proposal.proposed', ticket_id: 'T-1', proposal_id: `P-${i}`, action: 'x', msg: 'm' }),
        i,
      )
    expect(v.agentLog.length).toBe(50)
    expect(v.ingested).toBe(10_000)
    expect(v.visible('agent', 10).at(-1)?.text).toContain('P-9999')
  })

  it('records a dead child’s stderr for the status line', () => {
    const v = vm()
    v.ingestLine('workload', 'stderr', 'Error: boom', 1)
    expect(v.children.get('workload')?.last_stderr).toEqual(['Error: boom'])
  })

  it('shows tickets the agent settles in the Monitor panel as well as the Agent panel', () => {
    const v = vm()
    v.ingestLine(
      'agent',
      'stdout',
      JSON.stringify({
        event: 'ticket.resolved',
        ticket_id: 'T-4',
        key: 'members_healthy:m1',
        reason: 'verified after restart_member',
      }),
      1,
    )
    expect(v.monitorLog.toArray().map((l) => l.text)).toEqual([
      'RESOLVED T-4 members_healthy:m1: verified after restart_member',
    ])
    expect(v.agentLog.toArray().map((l) => l.text)).toEqual(['T-4 RESOLVED: verified after restart_member'])
  })

  it('shows a scenario’s narration, opens its report over the panels at the end, and forgets it on reset', () => {
    const v = vm()
    const step = {
      title: 'A crash',
      step: 1,
      of: 1,
      text: 'm2 dies',
      detail: 'fires in 5s',
      tone: 'warn' as const,
      report: null,
    }
    v.narrate(step)
    expect(v.narration).toEqual(step)
    expect(v.overlay).toBeNull()
    v.narrate({
      ...step,
      step: null,
      text: 'FAILED: 0 of 1 expectations passed',
      tone: 'bad',
      report: { outcome: 'failed', lines: ['run r1 · FAILED'] },
    })
    expect(v.overlay).toEqual({
      kind: 'message',
      title: 'A crash — FAILED',
      lines: ['run r1 · FAILED'],
      tone: 'bad',
      scroll: 0,
    })
    v.reset()
    expect(v.narration).toBeNull()
  })

  it('takes the agent’s brain and model from its agent.started line, and forgets them on reset', () => {
    const v = vm()
    expect(v.brain).toEqual({ name: 'playbook', model: null })
    for (const line of brainLines(10)) v.ingestLine(line.source, line.stream, line.text, line.at)
    expect(v.brain).toEqual({ name: 'llm', model: LLM_MODEL })
    expect(v.agentLog.toArray().map((l) => [l.tone, l.text.slice(0, 24)])).toEqual([
      ['info', `agent started (execute, `],
      ['warn', 'model request failed (52'],
      ['info', 'T-1 → read_member_logs {'],
      ['info', 'T-1 model: m2 exited wit'],
      ['warn', 'T-3 model unavailable (b'],
    ])
    v.reset()
    expect(v.brain).toEqual({ name: 'playbook', model: null })
  })

  it('takes the playbook from an agent.started line that names no brain, as older agents write it', () => {
    const v = vm()
    for (const line of brainLines(10)) v.ingestLine(line.source, line.stream, line.text, line.at)
    const started = RECORDED.find((l) => l.text.includes('"agent.started"'))
    if (!started) throw new Error('no agent.started in the fixture')
    v.ingestLine(started.source, started.stream, started.text, 20)
    expect(v.brain).toEqual({ name: 'playbook', model: null })
  })

  it('rewrites a streamed model answer in place, then the whole answer replaces it; another turn is a new line', () => {
    const v = vm()
    const line = (event: string, turn: number, msg: string, at: number) =>
      v.ingestLine('agent', 'stdout', JSON.stringify({ level: 30, time: at, event, ticket_id: 'T-1', turn, msg }), at)
    line('brain.stream', 1, 'model: m2 is', 1)
    line('brain.stream', 1, 'model: m2 is down; reading', 2)
    expect(v.agentLog.toArray().map((l) => l.text)).toEqual(['T-1 model: m2 is down; reading …'])
    line('brain.text', 1, 'model: m2 is down; reading its log.', 3)
    line('brain.stream', 2, 'model: restart', 4)
    expect(v.agentLog.toArray().map((l) => l.text)).toEqual([
      'T-1 model: m2 is down; reading its log.',
      'T-1 model: restart …',
    ])
  })
})
