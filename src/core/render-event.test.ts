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
})
