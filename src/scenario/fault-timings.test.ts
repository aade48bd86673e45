/**
 * faultTimings over hand-built recorded runs: a ticket about a member goes to
 * the latest fault that hit that member before it opened; any other ticket
 * (a victim, the cluster as a whole) to the latest fault before it opened.
 */
import { describe, expect, it } from 'vitest'
import type { Ticket } from '../core/records.js'
import { faultTimings } from './fault-timings.js'
import type { RecordedRun, StepRecord } from './recorded-run.js'

const BASE = 1_700_000_000_000
const END = BASE + 60_000

function fault(
  index: number,
  name: string,
  target: string,
  at: number,
  overrides: Partial<StepRecord> = {},
): StepRecord {
  return {
    phase: 'method',
    index,
    kind: 'fault',
    name,
    target,
    seed: null,
    targets: [target],
    started_at: BASE + at,
    done_at: BASE + at + 5,
    status: 'ok',
    summary: `${name} ${target}`,
    ...overrides,
  }
}

let n = 0
function ticket(key: string, target: string | null, openedAt: number, resolvedAt: number | null): Ticket {
  n++
  return {
    id: `T-${n}`,
    run_id: 'run-1',
    subject: 'etcd',
    key,
    invariant: key.split(':')[0] ?? key,
    severity: 'critical',
    target,
    message: key,
    evidence: {},
    status: resolvedAt === null ? 'open' : 'resolved',
    occurrences: 1,
    opened_at: BASE + openedAt,
    last_seen_at: BASE + openedAt,
    resolved_at: resolvedAt === null ? null : BASE + resolvedAt,
    claimed_by: null,
    escalation_reason: null,
    cause_key: null,
    cause_ticket: null,
    triage_reason: null,
    priority: 0,
    version: 1,
    lease: 0,
  }
}

function run(steps: StepRecord[], tickets: Ticket[], observationEnd: number | null = END): RecordedRun {
  return {
    run_id: 'run-1',
    started_at: BASE - 1000,
    method_started_at: BASE,
    hold_ms: 2000,
    steps,
    rollbacks: [],
    steady: [],
    observation_ended_at: observationEnd,
    tickets,
    proposals: [],
    proposal_events: [],
  }
}

const keysOf = (timings: ReturnType<typeof faultTimings>) => timings.map((f) => f.tickets.map((t) => t.key))

describe('fault timings of faults injected together', () => {
  // Three faults within 40 ms; every ticket opens about 2 s later.
  const steps = [
    fault(0, 'pause_member', 'm1', 0),
    fault(1, 'kill_member', 'm2', 20),
    fault(2, 'kill_member', 'm3', 40),
  ]
  const tickets = [
    ticket('members_healthy:m1', 'm1', 2040, 9000),
    ticket('members_healthy:m2', 'm2', 2050, 5000),
    ticket('members_healthy:m3', 'm3', 2060, 7000),
    ticket('applied_lag:m4', 'm4', 2070, 8000),
    ticket('leader_exists', null, 2080, 6000),
  ]
  const timings = faultTimings(run(steps, tickets), Number.MAX_SAFE_INTEGER)

  it('gives each member’s ticket to the fault that hit that member', () => {
    expect(timings.map((f) => [f.step, f.fault, f.targets])).toEqual([
      [0, 'pause_member', ['m1']],
      [1, 'kill_member', ['m2']],
      [2, 'kill_member', ['m3']],
    ])
    expect(keysOf(timings)[0]).toEqual(['members_healthy:m1'])
    expect(keysOf(timings)[1]).toEqual(['members_healthy:m2'])
  })

  it('gives a victim’s ticket and the cluster’s ticket to the latest fault', () => {
    expect(keysOf(timings)[2]).toEqual(['members_healthy:m3', 'applied_lag:m4', 'leader_exists'])
  })

  it('measures time to detect and to repair of each fault from its own tickets', () => {
    expect(timings.map((f) => [f.time_to_detect_ms, f.time_to_repair_ms, f.inject_ms])).toEqual([
      [2040, 9000, 5],
      [2030, 4980, 5],
      [2020, 7960, 5],
    ])
    expect(timings[2]?.tickets).toEqual([
      { id: 'T-3', key: 'members_healthy:m3', status: 'resolved', opened_after_ms: 2020, resolved_after_ms: 6960 },
      { id: 'T-4', key: 'applied_lag:m4', status: 'resolved', opened_after_ms: 2030, resolved_after_ms: 7960 },
      { id: 'T-5', key: 'leader_exists', status: 'resolved', opened_after_ms: 2040, resolved_after_ms: 5960 },
    ])
  })

  it('has no time to repair for a fault while one of its tickets is unresolved, and calls one resolved after the end resolved later', () => {
    const open = [...tickets.slice(0, 4), { ...ticket('leader_exists', null, 2080, null), id: 'T-5' }]
    const [, , third] = faultTimings(run(steps, open), Number.MAX_SAFE_INTEGER)
    expect([third?.time_to_detect_ms, third?.time_to_repair_ms]).toEqual([2020, null])

    const late = faultTimings(run(steps, tickets, BASE + 8500), Number.MAX_SAFE_INTEGER)
    expect(late[0]?.tickets[0]).toMatchObject({ status: 'resolved later', resolved_after_ms: null })
    expect(late.map((f) => f.time_to_repair_ms)).toEqual([null, 4980, 7960])
  })

  it('gives a ticket opened before any fault to none', () => {
    const early = ticket('members_healthy:m2', 'm2', -500, 1000)
    const timings = faultTimings(run(steps, [early, ...tickets]), Number.MAX_SAFE_INTEGER)
    expect(timings.flatMap((f) => f.tickets.map((t) => t.id))).not.toContain(early.id)
    expect(keysOf(timings)).toEqual(keysOf(faultTimings(run(steps, tickets), Number.MAX_SAFE_INTEGER)))
  })

  it('gives a ticket opened after the observation ended to none', () => {
    const after = ticket('members_healthy:m1', 'm1', 70_000, null)
    const timings = faultTimings(run(steps, [...tickets, after]), Number.MAX_SAFE_INTEGER)
    expect(timings.flatMap((f) => f.tickets.map((t) => t.id))).not.toContain(after.id)
  })

  it('counts only the method’s faults that went through', () => {
    const failed = fault(3, 'kill_member', 'm4', 60, { status: 'failed' })
    const action: StepRecord = { ...fault(4, 'restart_member', 'm1', 80), kind: 'action' }
    const timings = faultTimings(run([...steps, failed, action], tickets), Number.MAX_SAFE_INTEGER)
    expect(timings.map((f) => f.step)).toEqual([0, 1, 2])
    expect(keysOf(timings)[2]).toEqual(['members_healthy:m3', 'applied_lag:m4', 'leader_exists'])
  })
})

describe('fault timings of a member hit twice', () => {
  const steps = [fault(0, 'kill_member', 'm2', 0), fault(1, 'kill_member', 'm2', 10_000)]

  it('gives a ticket opened after the second hit to the second fault, and one opened before it to the first', () => {
    const first = ticket('members_healthy:m2', 'm2', 2000, 4000)
    const second = ticket('members_healthy:m2', 'm2', 12_000, 15_000)
    const timings = faultTimings(run(steps, [first, second]), Number.MAX_SAFE_INTEGER)
    expect(timings.map((f) => f.tickets.map((t) => t.id))).toEqual([[first.id], [second.id]])
    expect(timings.map((f) => [f.time_to_detect_ms, f.time_to_repair_ms])).toEqual([
      [2000, 4000],
      [2000, 5000],
    ])
  })

  it('sorts the faults by when they started, whatever order they were recorded in', () => {
    const second = ticket('members_healthy:m2', 'm2', 12_000, null)
    const timings = faultTimings(run([...steps].reverse(), [second]), Number.MAX_SAFE_INTEGER)
    expect(timings.map((f) => [f.step, f.tickets.map((t) => t.id)])).toEqual([
      [0, []],
      [1, [second.id]],
    ])
    expect(timings[0]).toMatchObject({ time_to_detect_ms: null, time_to_repair_ms: null })
  })
})
