import { describe, expect, it } from 'vitest'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import { SimulatedClock } from '../core/clock.js'
import type { FaultDefinition, FaultTarget, Subject } from '../core/subject.js'
import { Presenter } from './presenter.js'
import type { StepRecord } from './recorded-run.js'
import { runRollbacks } from './rollbacks.js'
import { type MethodHooks, type NextStep, runMethod } from './run-method.js'
import type { MethodStep, RollbackStep } from './schema.js'

const T0 = 1_700_000_000_000

/** A subject whose faults only write down when and where they were injected; `broken` always fails. */
function fakeSubject(clock: SimulatedClock) {
  const injected: { fault: string; target: string; at: number }[] = []
  const fault = (name: string, fails = false): FaultDefinition => ({
    name,
    description: name,
    targeted: true,
    inject: async (target: FaultTarget) => {
      if (fails) throw new Error(`${name} could not reach its member`)
      const member = target.kind === 'member' ? target.name : target.kind
      injected.push({ fault: name, target: member, at: clock.now() })
      return { fault: name, targets: [member], summary: `${name} on ${member}` }
    },
  })
  /** A fault that runs until its signal aborts (a kill switch pulled while it runs). */
  const slow: FaultDefinition = {
    name: 'slow_fault',
    description: 'waits for its signal',
    targeted: true,
    inject: (_target, ctx) =>
      new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))),
  }
  const subject = {
    faults: [fault('kill_member'), fault('pause_member'), fault('broken', true), slow],
    actions: [],
  } as unknown as Subject
  return { subject, injected }
}

function setUp(steps: MethodStep[], presenter: Presenter | null = null, halted: () => string | null = () => null) {
  const clock = new SimulatedClock(T0)
  const { store } = createTempStore(clock)
  const { subject, injected } = fakeSubject(clock)
  const seen: { event: string; next: NextStep; at: number }[] = []
  const records: StepRecord[] = []
  const starts: number[] = []
  const abort = new AbortController()
  const hooks: MethodHooks = {
    onStart: () => {
      starts.push(clock.now())
      return clock.now()
    },
    onNext: (next) => seen.push({ event: 'next', next, at: clock.now() }),
    onFire: (next) => seen.push({ event: 'fire', next, at: clock.now() }),
    onStep: (r) => records.push(r),
  }
  if (presenter) hooks.presenter = (next) => presenter.next(next.position, abort.signal)
  const governedCalls: { action: string; params: Record<string, unknown>; label: string }[] = []
  const governed = async (action: string, params: Record<string, unknown>, label: string) => {
    governedCalls.push({ action, params, label })
    return `P-${governedCalls.length} executed`
  }
  const base = { subject, store, runId: 'r1', members: ['m1', 'm2', 'm3'], governed }
  const run = () => runMethod(steps, { ...base, seed: 1, clock, signal: abort.signal, halted }, hooks)
  const rollback = (rollbacks: RollbackStep[]) =>
    runRollbacks(rollbacks, { ...base, faulted: ['m2'], seed: 1, clock, halted }, () => undefined)
  return { clock, store, injected, seen, records, starts, abort, run, rollback, governedCalls }
}

describe('the method', () => {
  it('fires its steps in order of their times, each when due after the start, announcing each before its wait', async () => {
    const t = setUp([
      { at: 5000, fault: 'pause_member', target: 'm3', say: 'then m3 stops' },
      { at: 0, fault: 'kill_member', target: 'm2', say: 'm2 dies' },
    ])
    expect(await t.run()).toBeNull()
    expect(t.starts).toEqual([T0])
    expect(t.injected).toEqual([
      { fault: 'kill_member', target: 'm2', at: T0 },
      { fault: 'pause_member', target: 'm3', at: T0 + 5000 },
    ])
    expect(t.seen.map((s) => [s.event, s.next.position, s.next.index, s.next.dueAt, s.at])).toEqual([
      ['next', 1, 1, T0, T0],
      ['fire', 1, 1, T0, T0],
      ['next', 2, 0, T0 + 5000, T0],
      ['fire', 2, 0, T0 + 5000, T0 + 5000],
    ])
    expect(t.records.map((r) => [r.index, r.status, r.targets])).toEqual([
      [1, 'ok', ['m2']],
      [0, 'ok', ['m3']],
    ])
  })

  it('paced by a presenter, holds each step until it is fired, and starts the method with the first', async () => {
    const presenter = new Presenter()
    const t = setUp(
      [
        { at: 0, fault: 'kill_member', target: 'm2' },
        { at: 60_000, fault: 'pause_member', target: 'm3' },
      ],
      presenter,
    )
    const done = t.run()
    await Promise.resolve()
    expect(presenter.waiting).toBe(1)
    expect(t.starts).toEqual([])
    expect(t.injected).toEqual([])
    t.clock.advance(90_000)
    expect(presenter.fire()).toBe(true)
    await settle(() => presenter.waiting === 2)
    expect(t.starts).toEqual([T0 + 90_000])
    expect(t.injected.map((i) => i.fault)).toEqual(['kill_member'])
    expect(presenter.fire()).toBe(true)
    expect(await done).toBeNull()
    // No step waited for its `at`: the presenter's key is the only pace.
    expect(t.injected.map((i) => i.at)).toEqual([T0 + 90_000, T0 + 90_000])
    expect(t.seen.filter((s) => s.event === 'next').map((s) => s.next.dueAt)).toEqual([null, null])
  })

  it('ends at a failed step with the reason, and fires nothing after it', async () => {
    const t = setUp([
      { at: 0, fault: 'broken', target: 'm1' },
      { at: 1000, fault: 'kill_member', target: 'm2' },
    ])
    expect(await t.run()).toBe('step 0 (broken) failed: broken could not reach its member')
    expect(t.injected).toEqual([])
    expect(t.records).toHaveLength(1)
  })

  it('changes nothing more once the kill switch was pulled: the method fails at its next step, rollbacks are skipped', async () => {
    let pulled = false
    const t = setUp(
      [
        { at: 0, fault: 'kill_member', target: 'm2' },
        { at: 1000, fault: 'pause_member', target: 'm3' },
      ],
      null,
      () => (pulled ? 'kill switch engaged during the run' : null),
    )
    const done = t.run()
    pulled = true
    expect(await done).toBe('step 1 (pause_member) failed: kill switch engaged during the run: not run')
    expect(t.injected.map((i) => i.fault)).toEqual(['kill_member'])
    const rolled = await t.rollback([{ fault: 'pause_member', target: 'faulted' }])
    expect(rolled.map((r) => [r.status, r.summary])).toEqual([
      ['skipped', 'kill switch engaged during the run: not run'],
    ])
    expect(t.injected).toHaveLength(1)
  })

  it('aborts a fault while it runs when the kill switch is pulled, and says so', async () => {
    let pulled = false
    const t = setUp([{ at: 0, fault: 'slow_fault', target: 'm2' }], null, () =>
      pulled ? 'kill switch engaged during the run' : null,
    )
    const done = t.run()
    await new Promise((r) => setTimeout(r, 50))
    pulled = true
    expect(await done).toBe(
      'step 0 (slow_fault) failed: kill switch engaged during the run (stopped by the kill switch)',
    )
  })

  it('refuses a fault while the kill switch is latched in the database', async () => {
    const t = setUp([{ at: 0, fault: 'kill_member', target: 'm2' }])
    t.store.db.prepare('UPDATE modes SET kill_latched = 1 WHERE id = 1').run()
    expect(await t.run()).toBe('step 0 (kill_member) failed: the kill switch is latched: not run')
    expect(t.injected).toEqual([])
  })

  it('sends a rollback action through the governed path, the target filling params.member, and runs none directly', async () => {
    const t = setUp([])
    const rolled = await t.rollback([{ action: 'restart_member', target: 'faulted' }])
    expect(t.governedCalls).toEqual([{ action: 'restart_member', params: { member: 'm2' }, label: 'rollback step 1' }])
    expect(rolled.map((r) => [r.status, r.summary])).toEqual([['ok', 'restart_member on m2: P-1 executed']])
  })

  it('throws when the run is aborted while a step waits for the presenter', async () => {
    const presenter = new Presenter()
    const t = setUp([{ at: 0, fault: 'kill_member', target: 'm2' }], presenter)
    const done = t.run()
    await Promise.resolve()
    t.abort.abort(new Error('the presenter quit'))
    await expect(done).rejects.toThrow('the presenter quit')
    expect(t.injected).toEqual([])
    expect(t.starts).toEqual([])
  })
})

/** Lets pending promises run until `ready` holds (a handful of microtask turns at most). */
async function settle(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !ready(); i++) await new Promise((resolve) => setImmediate(resolve))
  expect(ready()).toBe(true)
}
