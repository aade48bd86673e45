import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { allDecided, evaluateExpectations } from './evaluate.js'
import { faultTimings } from './fault-timings.js'
import { type RecordedRun, RunRecords, recordedRunFromRecords } from './recorded-run.js'
import type { Expectation } from './schema.js'

/** A run recorded by `operator scenario run` (test/fixtures/scenario-runs/NAME.json: its events, tickets and proposals). */
function recorded(name: string): RecordedRun {
  const text = readFileSync(new URL(`../../test/fixtures/scenario-runs/${name}.json`, import.meta.url), 'utf8')
  const r = RunRecords.parse(JSON.parse(text))
  return recordedRunFromRecords(r.run_id, r.events, r.tickets, r.proposals)
}

const s = (n: number) => n * 1000
const MEMBER_CRASH: Expectation[] = [
  { ticket: 'members_healthy', within: s(30) },
  { action_executed: 'restart_member', within: s(45) },
  { steady_state_within: s(60) },
]
const verdicts = (expect: Expectation[], run: RecordedRun) =>
  evaluateExpectations(expect, run, Number.MAX_SAFE_INTEGER, true).map((r) => [r.status, r.measured_ms])

describe('expectations on a recorded member crash that was repaired', () => {
  const run = recorded('member-crash-passed')

  it('passes each expectation with the time measured from the start of the method', () => {
    const results = evaluateExpectations(MEMBER_CRASH, run, Number.MAX_SAFE_INTEGER, true)
    expect(results.map((r) => [r.status, r.measured_ms, r.evidence])).toEqual([
      ['passed', 1494, ['T-1']],
      ['passed', 2040, ['P-1']],
      ['passed', 2001, []],
    ])
    expect(results[0]?.detail).toBe('T-1 members_healthy:m2 opened after 1.5s')
  })

  it('checks the forbid list after the written expectations: failed at once by a forbidden execution, else passed at the end', () => {
    const final = evaluateExpectations(MEMBER_CRASH, run, Number.MAX_SAFE_INTEGER, true, ['restart_member'])
    expect(final[3]).toMatchObject({
      index: 3,
      kind: 'forbidden',
      status: 'failed',
      text: 'none of restart_member executed',
      detail: 'forbidden by the scenario, executed: P-1 restart_member',
      evidence: ['P-1'],
    })
    const clean = evaluateExpectations(MEMBER_CRASH, run, Number.MAX_SAFE_INTEGER, true, ['transfer_leader'])
    expect(clean[3]).toMatchObject({ status: 'passed', detail: 'none executed' })
    // While the run is watched, a clean forbid list stays open and holds nothing up.
    const started = run.method_started_at ?? 0
    const early = evaluateExpectations(MEMBER_CRASH, run, started + 1, false, ['transfer_leader'])
    expect(early[3]?.status).toBe('pending')
    const decided = evaluateExpectations(MEMBER_CRASH, run, started + s(10), false, ['transfer_leader'])
    expect(decided.slice(0, 3).map((r) => r.status)).toEqual(['passed', 'passed', 'passed'])
    expect(allDecided(MEMBER_CRASH, decided)).toBe(true)
  })

  it('fails an expectation whose event came later than its window, with the measured time', () => {
    const tight: Expectation[] = [
      { ticket: 'members_healthy:m2', within: 1000 },
      { action_executed: 'restart_member', within: 2000 },
      { steady_state_within: 1500 },
    ]
    const results = evaluateExpectations(tight, run, Number.MAX_SAFE_INTEGER, true)
    expect(results.map((r) => [r.status, r.measured_ms])).toEqual([
      ['failed', 1494],
      ['failed', 2040],
      ['failed', 2001],
    ])
    expect(results[0]?.detail).toBe('T-1 members_healthy:m2 opened after 1.5s (later than 1s)')
  })

  it('fails what never happened: another invariant, another action, any execution at all', () => {
    const results = evaluateExpectations(
      [
        { ticket: 'no_alarm', within: s(30) },
        { action_executed: 'transfer_leader', within: s(30) },
        { no_execution: true },
      ],
      run,
      Number.MAX_SAFE_INTEGER,
      true,
    )
    expect(results.map((r) => [r.status, r.detail])).toEqual([
      ['failed', 'no ticket for no_alarm before the observation ended (after 4.1s of 30s)'],
      ['failed', 'no transfer_leader executed before the observation ended (after 4.1s of 30s)'],
      ['failed', '1 execution: P-1 restart_member'],
    ])
  })

  it('keeps undecided expectations pending during the run, and decides them as the records come in', () => {
    const base = run.method_started_at ?? 0
    const early = evaluateExpectations(MEMBER_CRASH, run, base + 1000, false)
    expect(early.map((r) => r.status)).toEqual(['pending', 'pending', 'pending'])
    expect(allDecided(MEMBER_CRASH, early)).toBe(false)
    const mid = evaluateExpectations(MEMBER_CRASH, run, base + 2500, false)
    expect(mid.map((r) => r.status)).toEqual(['passed', 'passed', 'pending'])
    const late = evaluateExpectations(MEMBER_CRASH, run, base + 4100, false)
    expect(late.map((r) => r.status)).toEqual(['passed', 'passed', 'passed'])
    expect(allDecided(MEMBER_CRASH, late)).toBe(true)
  })

  it('counts nothing after the observation ended', () => {
    const cut = { ...run, observation_ended_at: (run.method_started_at ?? 0) + 1000 }
    expect(verdicts(MEMBER_CRASH, cut)).toEqual([
      ['failed', null],
      ['failed', null],
      ['failed', null],
    ])
    expect(evaluateExpectations(MEMBER_CRASH, cut, Number.MAX_SAFE_INTEGER, true)[0]?.detail).toBe(
      'no ticket for members_healthy before the observation ended (after 1s of 30s)',
    )
  })

  it('reports time to detect and time to repair for the fault', () => {
    expect(faultTimings(run, Number.MAX_SAFE_INTEGER)).toEqual([
      expect.objectContaining({
        step: 0,
        fault: 'kill_member',
        targets: ['m2'],
        time_to_detect_ms: 1493,
        time_to_repair_ms: 3580,
        tickets: [expect.objectContaining({ id: 'T-1', status: 'resolved' })],
      }),
    ])
  })
})

describe('expectations on a recorded member crash that was not repaired', () => {
  const run = recorded('member-crash-awaiting-approval')

  it('fails the execution and the steady state: the restart waited for a person (session risk)', () => {
    expect(verdicts(MEMBER_CRASH, run)).toEqual([
      ['passed', 1934],
      ['failed', null],
      ['failed', null],
    ])
    expect(run.proposals.map((p) => p.status)).toEqual(['awaiting_approval'])
  })

  it('has a time to detect but no time to repair', () => {
    expect(faultTimings(run, Number.MAX_SAFE_INTEGER).map((f) => [f.time_to_detect_ms, f.time_to_repair_ms])).toEqual([
      [1934, null],
    ])
  })
})

describe('expectations on a recorded observe-mode run', () => {
  const run = recorded('observe-only-passed')
  const OBSERVE: Expectation[] = [
    { ticket: 'members_healthy', within: s(30) },
    { proposal: 'restart_member', status: 'observed', within: s(45) },
    { no_execution: true, during: s(20) },
  ]

  it('passes: a ticket, an observed proposal and no execution', () => {
    expect(verdicts(OBSERVE, run)).toEqual([
      ['passed', 1201],
      ['passed', 1772],
      ['passed', 0],
    ])
  })

  it('waits out no_execution for its whole window before passing it', () => {
    const base = run.method_started_at ?? 0
    const during = evaluateExpectations(OBSERVE, run, base + s(10), false)
    expect(during.map((r) => r.status)).toEqual(['passed', 'passed', 'pending'])
    expect(allDecided(OBSERVE, during)).toBe(false)
    expect(allDecided(OBSERVE, evaluateExpectations(OBSERVE, run, base + s(20), false))).toBe(true)
  })

  it('fails an expectation of an executed restart and leaves the fault unrepaired', () => {
    expect(verdicts([{ action_executed: 'restart_member', within: s(45) }], run)).toEqual([['failed', null]])
    expect(faultTimings(run, Number.MAX_SAFE_INTEGER)[0]).toMatchObject({
      time_to_detect_ms: 1201,
      time_to_repair_ms: null,
    })
  })
})

describe('expectations on a recorded leader crash', () => {
  const run = recorded('leader-crash-passed')

  it('follows the repair through both tickets: restart, then the leader back on the preferred member', () => {
    const expectations: Expectation[] = [
      { ticket: 'members_healthy', within: s(30) },
      { action_executed: 'restart_member', within: s(45) },
      { ticket: 'leader_preferred', within: s(60) },
      { action_executed: 'transfer_leader', within: s(90) },
      { steady_state_within: s(120) },
    ]
    expect(verdicts(expectations, run)).toEqual([
      ['passed', 1660],
      ['passed', 2422],
      ['passed', 7644],
      ['passed', 8113],
      ['passed', 8250],
    ])
  })

  it('attributes both tickets to the fault: repaired when the last one resolved', () => {
    const [timing] = faultTimings(run, Number.MAX_SAFE_INTEGER)
    expect(timing?.tickets.map((t) => t.key)).toEqual(['members_healthy:m1', 'leader_preferred'])
    expect([timing?.time_to_detect_ms, timing?.time_to_repair_ms]).toEqual([1659, 9723])
  })
})

describe('a run whose method never started', () => {
  it('fails every expectation, saying so', () => {
    const run = { ...recorded('member-crash-passed'), method_started_at: null }
    const results = evaluateExpectations(MEMBER_CRASH, run, Number.MAX_SAFE_INTEGER, true)
    expect(results.every((r) => r.status === 'failed' && r.detail === 'the method never started')).toBe(true)
  })
})
