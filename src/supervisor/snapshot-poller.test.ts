import { describe, expect, it } from 'vitest'
import { MODES, ticket } from '../../test/fixtures/tui-events.js'
import { SimulatedClock } from '../core/clock.js'
import { ManualScheduler } from '../core/schedule.js'
import { type Snapshot, SnapshotPoller } from './snapshot-poller.js'

describe('the snapshot poller', () => {
  it('reports a snapshot only when the database changed, and a failing read once until it works again', () => {
    const clock = new SimulatedClock(100)
    const scheduler = new ManualScheduler()
    let current: Snapshot | Error = { modes: MODES, tickets: [], proposals: [] }
    const changes: number[] = []
    const errors: string[] = []
    const poller = new SnapshotPoller({
      read: () => {
        if (current instanceof Error) throw current
        return current
      },
      onChange: (_s, at) => changes.push(at),
      onError: (m) => errors.push(m),
      clock,
      scheduler,
    })
    scheduler.fire()
    clock.advance(500)
    scheduler.fire()
    expect(changes).toEqual([100])
    current = { modes: MODES, tickets: [ticket({ id: 'T-1', key: 'k', status: 'open' })], proposals: [] }
    clock.advance(500)
    scheduler.fire()
    expect(changes).toEqual([100, 1100])
    current = new Error('database is locked')
    scheduler.fire()
    scheduler.fire()
    expect(errors).toEqual(['database: database is locked'])
    poller.stop()
    expect(scheduler.pending).toBe(0)
  })
})
