import { describe, expect, it } from 'vitest'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import { MODES, ticket } from '../../test/fixtures/tui-events.js'
import { SimulatedClock } from '../core/clock.js'
import { REDACTED } from '../core/redact.js'
import { ManualScheduler } from '../core/schedule.js'
import type { RecordingRow } from '../store/recordings.js'
import { type RecordingSink, RunRecorder } from './recorder.js'

/** A sink that keeps every transaction it was given, and can be told to fail. */
function fakeSink() {
  const batches: RecordingRow[][] = []
  const ended: { endedAt: number; meta: Record<string, unknown> }[] = []
  let failing = false
  const sink: RecordingSink = {
    appendRecording(_runId, rows) {
      if (failing) throw new Error('database is locked')
      batches.push([...rows])
    },
    endRun(_runId, endedAt, meta) {
      ended.push({ endedAt, meta })
    },
  }
  return { sink, batches, ended, fail: (on: boolean) => (failing = on) }
}

function recorder(o: { maxBuffered?: number } = {}) {
  const clock = new SimulatedClock(1000)
  const scheduler = new ManualScheduler()
  const fake = fakeSink()
  const errors: string[] = []
  const r = new RunRecorder({ sink: fake.sink, runId: 'run-1', clock, scheduler, onError: (m) => errors.push(m), ...o })
  return { r, clock, scheduler, errors, ...fake }
}

describe('the run recorder', () => {
  it('writes nothing as entries arrive, then everything gathered in one transaction when its timer fires', () => {
    const { r, scheduler, batches } = recorder()
    for (let i = 0; i < 50; i++) r.line('monitor', 'stdout', `{"event":"observation","n":${i}}`, 1000 + i)
    r.notice('fault injected', 'warn', 1100)
    expect(batches).toHaveLength(0)
    expect(r.pending).toBe(51)
    scheduler.fire()
    expect(batches).toHaveLength(1)
    expect(batches[0]).toHaveLength(51)
    scheduler.fire()
    expect(batches).toHaveLength(1)
  })

  it('numbers entries in order of arrival across batches', () => {
    const { r, scheduler, batches } = recorder()
    r.line('agent', 'stdout', 'a', 1)
    r.child({ name: 'agent', status: 'dead', pid: 7, exit_code: 1, last_stderr: ['boom'], restarts: 0 }, 2)
    scheduler.fire()
    r.snapshot({ modes: MODES, tickets: [], proposals: [] }, 3)
    scheduler.fire()
    expect(batches.flat().map((row) => [row.seq, row.kind, row.at])).toEqual([
      [0, 'line', 1],
      [1, 'child', 2],
      [2, 'snapshot', 3],
    ])
  })

  it('redacts secrets in lines, notices, child stderr and snapshots before writing', () => {
    const { r, scheduler, batches } = recorder()
    r.line('agent', 'stderr', 'connecting with password=hunter2', 1)
    r.notice('token=abc123def456 used', 'info', 2)
    r.child(
      { name: 'agent', status: 'dead', pid: 7, exit_code: 1, last_stderr: ['api_key=sk-live-1234567890'], restarts: 0 },
      3,
    )
    r.snapshot(
      {
        modes: MODES,
        tickets: [ticket({ id: 'T-1', key: 'k', status: 'open', evidence: { auth_token: 'hunter2' } })],
        proposals: [],
      },
      4,
    )
    scheduler.fire()
    const written = batches
      .flat()
      .map((row) => row.payload)
      .join('\n')
    expect(written).not.toMatch(/hunter2|abc123def456|sk-live-1234567890/)
    expect(written).toContain(REDACTED)
  })

  it('keeps entries when a write fails, reports it once, and writes them with the next batch', () => {
    const { r, scheduler, batches, errors, fail } = recorder()
    fail(true)
    r.line('monitor', 'stdout', 'one', 1)
    scheduler.fire()
    r.line('monitor', 'stdout', 'two', 2)
    scheduler.fire()
    expect(batches).toHaveLength(0)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/database is locked/)
    fail(false)
    scheduler.fire()
    expect(batches).toHaveLength(1)
    expect(batches[0]?.map((row) => row.payload)).toEqual(['one', 'two'])
  })

  it('writes at once when the buffer is full, and drops the oldest (counted) while writes keep failing', () => {
    const { r, batches, ended, fail } = recorder({ maxBuffered: 3 })
    for (let i = 0; i < 3; i++) r.line('monitor', 'stdout', `l${i}`, i)
    expect(batches).toHaveLength(1)
    fail(true)
    for (let i = 3; i < 8; i++) r.line('monitor', 'stdout', `l${i}`, i)
    expect(r.pending).toBe(2)
    fail(false)
    r.close()
    expect(batches.flat().map((row) => row.payload)).toEqual(['l0', 'l1', 'l2', 'l6', 'l7'])
    expect(ended[0]?.meta).toMatchObject({ entries: 5, entries_lost: 3 })
  })

  it('on close writes the rest, stops its timer and ends the run with its metadata; later entries are ignored', () => {
    const { r, scheduler, batches, ended, clock } = recorder()
    r.annotate({ report: { repaired: true } })
    r.line('monitor', 'stdout', 'last', 1)
    clock.advance(5000)
    r.close({ reason: 'quit' })
    r.line('monitor', 'stdout', 'too late', 2)
    r.close()
    expect(batches.flat().map((row) => row.payload)).toEqual(['last'])
    expect(ended).toEqual([{ endedAt: 6000, meta: { report: { repaired: true }, reason: 'quit', entries: 1 } }])
    expect(scheduler.pending).toBe(0)
  })

  it('stores runs and entries in the database and reads them back as they were recorded', () => {
    const { store } = createTempStore()
    const scheduler = new ManualScheduler()
    const id = store.beginRun({
      id: 'etcd-1',
      subject: 'etcd',
      kind: 'headless',
      started_at: 500,
      meta: { interval_ms: 300 },
    })
    expect(store.beginRun({ id: 'etcd-1', subject: 'etcd', kind: 'demo', started_at: 600, meta: {} })).toBe('etcd-1-2')
    const r = new RunRecorder({ sink: store, runId: id, clock: new SimulatedClock(2000), scheduler })
    const view = {
      name: 'workload' as const,
      status: 'dead' as const,
      pid: 9,
      exit_code: 2,
      last_stderr: ['x'],
      restarts: 1,
    }
    const snapshot = {
      modes: MODES,
      tickets: [ticket({ id: 'T-1', key: 'members_healthy:m2', status: 'open' })],
      proposals: [],
    }
    r.line('monitor', 'stdout', '{"event":"observation"}', 1000)
    r.child(view, 1001)
    scheduler.fire()
    r.snapshot(snapshot, 1002)
    r.notice('hello', 'good', 1003)
    const narration = {
      title: 'A crash',
      step: 1,
      of: 2,
      text: 'm2 dies',
      detail: 'fires in 5s',
      tone: 'warn' as const,
      report: { outcome: 'passed', lines: ['run 1'] },
    }
    r.narration(narration, 1004)
    r.narration(null, 1005)
    r.close({ report: { repaired: true } })
    expect(store.recording('etcd-1')).toEqual([
      { seq: 0, at: 1000, kind: 'line', source: 'monitor', stream: 'stdout', text: '{"event":"observation"}' },
      { seq: 1, at: 1001, kind: 'child', view },
      { seq: 2, at: 1002, kind: 'snapshot', snapshot },
      { seq: 3, at: 1003, kind: 'notice', text: 'hello', tone: 'good' },
      { seq: 4, at: 1004, kind: 'narration', narration },
      { seq: 5, at: 1005, kind: 'narration', narration: null },
    ])
    const runs = store.recordedRuns()
    expect(runs.map((run) => run.id)).toEqual(['etcd-1-2', 'etcd-1'])
    expect(runs[1]).toEqual({
      id: 'etcd-1',
      subject: 'etcd',
      kind: 'headless',
      started_at: 500,
      ended_at: 2000,
      meta: { interval_ms: 300, report: { repaired: true }, entries: 6 },
      entries: 6,
      last_at: 1005,
    })
    expect(runs[0]).toMatchObject({ ended_at: null, entries: 0, last_at: null })
  })

  it('refuses an unreadable stored entry with the run and its sequence number', () => {
    const { store } = createTempStore()
    store.beginRun({ id: 'r', subject: 'etcd', kind: 'demo', started_at: 0, meta: {} })
    store.appendRecording('r', [
      { seq: 0, at: 1, kind: 'child', source: 'agent', stream: null, payload: '{"name":"agent"}' },
    ])
    expect(() => store.recording('r')).toThrow(/entry 0 of run r is unreadable \(view\.status: /)
  })
})
