import { dirname } from 'node:path'
import { describe, expect, it } from 'vitest'
import { proposalAt, ticketFor } from '../../test/fixtures/proposal-states.js'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import { builtInPolicy } from '../safety/policy/load-policy.js'
import { RunSummary, runSummary, runSummaryText } from './run-summary.js'

function setup() {
  const { store, clock, path } = createTempStore()
  const deps = { store, home: dirname(path), policy: builtInPolicy(), clock }
  store.append({ run_id: 'run-1', actor: 'cli', type: 'cluster.up', payload: { run_id: 'run-1', subject: 'etcd' } })
  store.setModes({ safety: 'execute', explicit: true }, 'alice')
  return { store, clock, deps }
}

describe('run summary', () => {
  it('counts tickets, executions, approvals and times detection and repair from the fault', () => {
    const s = setup()
    s.clock.advance(1000)
    const fault = { fault: 'kill_member', targets: ['m2'], summary: 'killed m2' }
    s.store.append({ run_id: 'run-1', actor: 'cli', type: 'fault.injected', payload: fault })
    s.clock.advance(700)
    const t = ticketFor(s.store)
    s.clock.advance(2000)
    proposalAt(s.store, t, 'verified')
    s.clock.advance(300)
    s.store.resolveAbsent('run-1', new Set(), 'monitor')
    const sum = RunSummary.parse(runSummary(s.deps, 'run-1'))
    expect(sum).toMatchObject({
      status: 'running',
      tickets: { opened: 1, resolved: 1, escalated: 0, open: 0 },
      executions: { started: 1, executed: 1, verified: 1, failed: 0 },
      approvals: { by_people: 1, by_system: 0, rejections: 0 },
      denials: 0,
      time_to_detect_ms: 700,
      time_to_repair_ms: 3000,
    })
    expect(sum.faults).toEqual([expect.objectContaining({ fault: 'kill_member', tickets: ['T-1'] })])
    expect(runSummaryText(sum)).toMatch(/time to detect 700 ms, time to repair 3000 ms/)
  })

  it('ends a run when its cluster went down, and defaults to the newest run', () => {
    const s = setup()
    s.clock.advance(5000)
    s.store.append({ run_id: 'run-1', actor: 'cli', type: 'cluster.down', payload: { run_id: 'run-1' } })
    const sum = runSummary(s.deps)
    expect(sum).toMatchObject({ run_id: 'run-1', status: 'ended', duration_ms: 5000, time_to_detect_ms: null })
  })
})
