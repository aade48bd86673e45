import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildRunReport, type RunContext } from './build-report.js'
import type { ExpectationResult } from './evaluate.js'
import { describeStep, finished, notSteadyYet, startingUp, upcoming, watching } from './narrate.js'
import { RunRecords, recordedRunFromRecords } from './recorded-run.js'
import type { NextStep } from './run-method.js'
import { ScenarioFile } from './schema.js'

const scenario = ScenarioFile.parse({
  title: 'Two members fail',
  description: 'Kill one member, then pause another.',
  subject: 'etcd',
  modes: { safety: 'execute', approval: 'auto' },
  steady_state: { invariants: 'all' },
  method: [
    { at: '0s', fault: 'kill_member', target: 'follower', say: 'A follower dies.' },
    { at: '10s', fault: 'pause_member', target: 'm3' },
  ],
  expect: [{ ticket: 'members_healthy', within: '30s' }],
})

function next(position: number, dueAt: number | null): NextStep {
  const step = scenario.method[position - 1]
  if (!step) throw new Error('no such step')
  return { step, index: position - 1, position, of: 2, dueAt }
}

describe('narration of a scenario', () => {
  it('says what a step does when it has no say line', () => {
    expect(describeStep({ fault: 'kill_member', target: 'follower' })).toBe('kill_member → follower')
    expect(describeStep({ action: 'compact' })).toBe('compact')
  })

  it('announces the next step with its say line and when it fires, or which key fires it', () => {
    expect(upcoming(scenario, next(1, 1000), 1000)).toMatchObject({
      title: 'Two members fail',
      step: 1,
      of: 2,
      text: 'A follower dies.',
      detail: 'firing: kill_member → follower',
      tone: 'warn',
      report: null,
    })
    expect(upcoming(scenario, next(2, 11_000), 1000)).toMatchObject({
      step: 2,
      text: 'pause_member → m3',
      detail: 'fires in 10s: pause_member → m3',
    })
    expect(upcoming(scenario, next(1, null), 1000).detail).toBe('press space to fire it: kill_member → follower')
  })

  it('tells the presenter why the first step waits on an unsteady system', () => {
    expect(notSteadyYet(scenario, next(1, null), ['members_healthy:m2'])).toMatchObject({
      tone: 'bad',
      detail: 'not steady (members_healthy:m2): press space again once it is',
    })
  })

  it('says how the run is paced before the cluster is up', () => {
    expect(startingUp(scenario, true).detail).toMatch(/modes execute\/auto · 2 steps, each fired with space$/)
    expect(startingUp(scenario, false).detail).toMatch(/2 steps, fired on their times$/)
  })

  it('counts the expectations decided while watching', () => {
    const result = (status: ExpectationResult['status'], text: string): ExpectationResult => ({
      index: 0,
      kind: 'ticket',
      text,
      status,
      within_ms: 30_000,
      measured_ms: null,
      detail: '',
      evidence: [],
    })
    const n = watching(scenario, [
      result('passed', 'ticket members_healthy within 30s'),
      result('pending', 'steady state back within 60s'),
    ])
    expect(n.detail).toBe('expectations: 1 passed, 0 failed, 1 pending — last: PASS ticket members_healthy within 30s')
    expect(n.tone).toBe('info')
    expect(watching(scenario, [result('failed', 'x')]).tone).toBe('bad')
  })

  it('ends with the outcome, the fault timings and the whole report, from a recorded run', () => {
    const text = readFileSync(
      new URL('../../test/fixtures/scenario-runs/member-crash-passed.json', import.meta.url),
      'utf8',
    )
    const r = RunRecords.parse(JSON.parse(text))
    const run = recordedRunFromRecords(r.run_id, r.events, r.tickets, r.proposals)
    const crash = {
      ...scenario,
      method: [{ at: 0, fault: 'kill_member', target: 'follower' }],
      expect: [{ ticket: 'members_healthy', within: 30_000 }],
    }
    const ctx: RunContext = {
      scenario: crash,
      invariants: ['members_healthy'],
      stopped: null,
      started_at: 0,
      ended_at: 1,
      initial: null,
      rollbacks: { ran: false, why: 'x' },
      children: [],
      members_at_end: null,
    }
    const n = finished(crash, buildRunReport(run, ctx, Number.MAX_SAFE_INTEGER))
    expect(n).toMatchObject({ step: null, text: 'PASSED: 1 of 1 expectations passed', tone: 'good' })
    expect(n.detail).toMatch(/^kill_member on m2: detected in [\d.]+m?s, repaired in [\d.]+m?s$/)
    expect(n.report?.outcome).toBe('passed')
    expect(n.report?.lines.join('\n')).toMatch(
      /PASS\s+ticket members_healthy within 30s — T-1 members_healthy:m2 opened after 1.5s/,
    )
  })
})
