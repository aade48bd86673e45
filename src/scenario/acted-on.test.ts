import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { AuditEvent, Proposal } from '../core/records.js'
import { evaluateExpectations } from './evaluate.js'
import { type RecordedRun, RunRecords, recordedRunFromRecords } from './recorded-run.js'
import type { Expectation } from './schema.js'

/** A recorded leader crash: the agent restarted m1 (P-1, 2.2s in), then moved the leader (P-2, no member). */
function leaderCrash(): RecordedRun {
  const url = new URL('../../test/fixtures/scenario-runs/leader-crash-passed.json', import.meta.url)
  const r = RunRecords.parse(JSON.parse(readFileSync(url, 'utf8')))
  return recordedRunFromRecords(r.run_id, r.events, r.tickets, r.proposals)
}

const RUN = leaderCrash()
const BASE = RUN.method_started_at ?? 0
const END = RUN.observation_ended_at ?? 0
const s = (n: number) => n * 1000

interface Execution {
  id: string
  /** params.member; left out for an action that names no member. */
  member?: string
  /** After the method started. */
  at: number
  created_by?: string
}

/** The recorded run with more executions, each a copy of P-1's proposal and its proposal.executing event. */
function withExecutions(run: RecordedRun, more: readonly Execution[]): RecordedRun {
  const proposal = run.proposals[0] as Proposal
  const executing = run.proposal_events.find((e) => e.type === 'proposal.executing') as AuditEvent
  const proposals = more.map((x) => ({
    ...proposal,
    id: x.id,
    params: x.member === undefined ? { revision: 1 } : { member: x.member },
    created_by: x.created_by ?? proposal.created_by,
  }))
  const events = more.map((x, i) => ({
    ...executing,
    seq: 10_000 + i,
    ts: BASE + x.at,
    payload: { ...executing.payload, proposal_id: x.id },
  }))
  return { ...run, proposals: [...run.proposals, ...proposals], proposal_events: [...run.proposal_events, ...events] }
}

const actedOn = (members: string[], within = s(45)): Expectation => ({ acted_on: members, within })

function judge(run: RecordedRun, members: string[], now = Number.MAX_SAFE_INTEGER, final = true, within = s(45)) {
  const [r] = evaluateExpectations([actedOn(members, within)], run, now, final)
  return r && { status: r.status, measured_ms: r.measured_ms, detail: r.detail, evidence: r.evidence }
}

describe('acted_on: the members the agent acted on, in order, and no other', () => {
  it('describes itself and is measured against its window', () => {
    const [r] = evaluateExpectations([actedOn(['m2', 'm3'])], RUN, Number.MAX_SAFE_INTEGER, true)
    expect(r).toMatchObject({ kind: 'acted_on', text: 'acted on m2, then m3, and no other member, within 45s' })
    expect(r?.within_ms).toBe(s(45))
  })

  it('passes when the members acted on are exactly the list, in order, a member acted on twice counting once', () => {
    const run = withExecutions(RUN, [
      { id: 'P-3', member: 'm2', at: s(5) },
      { id: 'P-4', member: 'm1', at: s(6) },
    ])
    expect(judge(run, ['m1', 'm2'])).toEqual({
      status: 'passed',
      measured_ms: s(5),
      detail: 'acted on m1 (P-1), then m2 (P-3) after 5s',
      evidence: ['P-1', 'P-3'],
    })
  })

  it('ignores actions that name no member: the leader transfer and a compaction', () => {
    const run = withExecutions(RUN, [{ id: 'P-3', at: s(3) }])
    expect(judge(run, ['m1'])).toMatchObject({ status: 'passed', measured_ms: 2233, evidence: ['P-1'] })
  })

  it('fails at once, before the run is over, when a member outside the list is acted on', () => {
    const run = withExecutions(RUN, [{ id: 'P-3', member: 'm3', at: s(3) }])
    expect(judge(run, ['m1', 'm2'], BASE + s(4), false)).toEqual({
      status: 'failed',
      measured_ms: null,
      detail: 'acted on m1 (P-1), then m3 (P-3); expected m1, then m2',
      evidence: ['P-1', 'P-3'],
    })
  })

  it('fails when the members were acted on in another order', () => {
    const run = withExecutions(RUN, [{ id: 'P-3', member: 'm2', at: s(5) }])
    expect(judge(run, ['m2', 'm1'])).toMatchObject({
      status: 'failed',
      detail: 'acted on m1 (P-1), then m2 (P-3); expected m2, then m1',
    })
  })

  it('waits while only a prefix was acted on, and fails when the run ends or the window passes', () => {
    expect(judge(RUN, ['m1', 'm2'], BASE + s(3), false)).toMatchObject({
      status: 'pending',
      detail: 'waiting: acted on m1 (P-1), not yet on m2',
    })
    expect(judge(RUN, ['m2'], BASE + s(1), false)?.detail).toBe('waiting: no member acted on yet')
    expect(judge(RUN, ['m1', 'm2'])).toEqual({
      status: 'failed',
      measured_ms: null,
      detail: 'acted on m1 (P-1) but not on m2 before the observation ended (after 10.3s of 45s)',
      evidence: ['P-1'],
    })
    expect(judge(RUN, ['m1', 'm2'], BASE + s(6), false, s(5))?.detail).toBe('acted on m1 (P-1) but not on m2 within 5s')
  })

  it('fails when the last member was acted on later than the window', () => {
    expect(judge(RUN, ['m1'], Number.MAX_SAFE_INTEGER, true, s(2))).toMatchObject({
      status: 'failed',
      measured_ms: 2233,
      detail: 'acted on m1 (P-1) after 2.2s (later than 2s)',
    })
  })

  it("ignores the scenario author's rollback proposals and anything after the observation ended", () => {
    const run = withExecutions(RUN, [
      { id: 'P-3', member: 'm3', at: s(4), created_by: 'scenario:alice' },
      { id: 'P-4', member: 'm2', at: END - BASE + 1000 },
    ])
    expect(judge(run, ['m1'])).toMatchObject({ status: 'passed', evidence: ['P-1'] })
  })
})
