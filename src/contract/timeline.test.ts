import { dirname } from 'node:path'
import { describe, expect, it } from 'vitest'
import { proposalAt, ticketFor } from '../../test/fixtures/proposal-states.js'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import { engageKillSwitch } from '../safety/kill-switch.js'
import { builtInPolicy } from '../safety/policy/load-policy.js'
import { Timeline, timeline, timelineText } from './timeline.js'

function setup() {
  const { store, clock, path } = createTempStore()
  const deps = { store, home: dirname(path), policy: builtInPolicy(), clock }
  store.append({ run_id: 'run-1', actor: 'cli', type: 'cluster.up', payload: { run_id: 'run-1', subject: 'etcd' } })
  store.setModes({ safety: 'execute', explicit: true }, 'alice')
  return { store, clock, deps }
}

describe('timeline', () => {
  it("gives a ticket's events with its proposals', in order, one redacted line each", () => {
    const s = setup()
    const t = ticketFor(s.store)
    ticketFor(s.store, 'run-1', 'leader_preferred')
    const p = proposalAt(s.store, t, 'executing')
    s.store.transition(p.id, p.version, 'failed', {
      actor: 'agent-a',
      runId: 'run-1',
      reason: 'restart failed: Authorization: Bearer abcdefghijklmnop0123456789',
    })
    const tl = Timeline.parse(timeline(s.deps, t.id))
    expect(tl.scope).toBe('ticket')
    const seqs = tl.events.map((e) => e.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    expect(tl.events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'ticket.opened',
        'proposal.proposed',
        'approval.recorded',
        'token.issued',
        'proposal.failed',
      ]),
    )
    expect(tl.events.every((e) => e.ticket_id === undefined || e.ticket_id === t.id)).toBe(true)
    expect(tl.events.find((e) => e.type === 'approval.recorded')).toMatchObject({ proposal_id: p.id, ticket_id: t.id })
    expect(tl.events.every((e) => !e.summary.includes('\n'))).toBe(true)
    expect(JSON.stringify(tl)).not.toContain('abcdefghijklmnop0123456789')
    expect(timelineText(tl)).toMatch(/P-1 restart_member failed: restart failed/)
  })

  it("gives a run's events with the mode changes and kill switch while it ran", () => {
    const s = setup()
    proposalAt(s.store, ticketFor(s.store), 'awaiting_approval')
    engageKillSwitch(s.store.db, 'alice', s.clock.now())
    const tl = Timeline.parse(timeline(s.deps, 'run-1'))
    expect(tl.scope).toBe('run')
    const types = tl.events.map((e) => e.type)
    expect(types).toContain('mode.changed')
    expect(types).toContain('kill_switch.engaged')
    expect(tl.events.find((e) => e.type === 'kill_switch.engaged')?.summary).toMatch(/1 proposal\(s\) cancelled/)
  })
})
