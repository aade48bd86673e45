import { describe, expect, it } from 'vitest'
import { createLineRenderer, renderLine } from './render-event.js'

const observation = (summary: string) => JSON.stringify({ time: 0, event: 'observation', summary, observation: {} })

describe('headless line rendering', () => {
  it('shows a line that is not JSON as text instead of dropping it', () => {
    expect(renderLine('agent', 'panic: something odd')).toMatch(/agent\s+panic: something odd$/)
    expect(renderLine('agent', '42')).toMatch(/agent\s+42$/)
  })

  it('renders tickets and proposal stages with their ids', () => {
    expect(
      renderLine(
        'monitor',
        JSON.stringify({
          time: 0,
          event: 'ticket.opened',
          ticket_id: 'T-1',
          key: 'members_healthy:m2',
          severity: 'critical',
          msg: 'm2 is down',
        }),
      ),
    ).toMatch(/OPEN\s+T-1 members_healthy:m2 \(critical\): m2 is down/)
    expect(
      renderLine(
        'agent',
        JSON.stringify({
          time: 0,
          event: 'proposal.executing',
          proposal_id: 'P-3',
          action: 'restart_member',
          msg: 'go',
        }),
      ),
    ).toMatch(/EXECUTING P-3 restart_member: go/)
  })

  it('prints an observation only when its summary changed', () => {
    const render = createLineRenderer()
    expect(render('monitor', observation('leader=m1'))).not.toBeNull()
    expect(render('monitor', observation('leader=m1'))).toBeNull()
    expect(render('monitor', observation('leader=none'))).toMatch(/leader=none/)
    expect(render('monitor', observation('leader=m1'))).toMatch(/leader=m1/)
  })

  it('names the run of each line once a fleet has joined runs, and keeps each run’s observations apart', () => {
    const render = createLineRenderer()
    const ofRun = (run: string, fields: Record<string, unknown>) =>
      JSON.stringify({ level: 30, time: 0, run_id: run, ...fields })
    const seen = (run: string, summary: string) => ofRun(run, { event: 'observation', summary, msg: 'observation' })
    // One run (no fleet): lines read as they always did, even those naming their run.
    expect(render('monitor', ofRun('r0', { event: 'monitor.started', msg: 'monitor started' }))).not.toContain('r0')
    expect(render('monitor', ofRun('a-1', { event: 'run.joined', msg: 'a-1: joined' }))).toMatch(
      /monitor {2}a-1 run.joined a-1: joined$/,
    )
    expect(render('monitor', seen('a-1', 'leader=m1'))).toMatch(/monitor {2}a-1 leader=m1$/)
    expect(render('monitor', seen('a-2', 'leader=m1'))).toMatch(/monitor {2}a-2 leader=m1$/)
    expect(render('monitor', seen('a-1', 'leader=m1'))).toBeNull()
  })
})
