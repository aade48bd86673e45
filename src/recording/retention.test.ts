import { describe, expect, it } from 'vitest'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import type { RunRecord } from '../core/recording-entry.js'
import { choosePrunable, LIVE_WINDOW_MS } from './retention.js'

const NOW = 1_800_000_000_000
const HOUR = 3_600_000
const DAY = 24 * HOUR

function run(id: string, startedAgo: number, ended: boolean, lastAgo = startedAgo): RunRecord {
  return {
    id,
    subject: 'etcd',
    kind: 'demo',
    started_at: NOW - startedAgo,
    ended_at: ended ? NOW - lastAgo : null,
    meta: {},
    entries: 10,
    last_at: NOW - lastAgo,
  }
}

describe('retention of recorded runs', () => {
  const runs = [
    run('newest', HOUR, true),
    run('live', 2 * HOUR, false, 10 * 60_000),
    run('day-old', 2 * DAY, true, 2 * DAY - HOUR),
    run('crashed', 9 * DAY, false),
    run('oldest', 10 * DAY, true),
  ]

  it('keeps the newest N and chooses the rest, but never a run that is still being recorded', () => {
    expect(choosePrunable(runs, { keep: 1 }, NOW).map((c) => [c.run.id, c.why])).toEqual([
      ['day-old', 'beyond the newest 1'],
      ['crashed', 'beyond the newest 1'],
      ['oldest', 'beyond the newest 1'],
    ])
  })

  it('chooses runs that ended, or last wrote, before the cutoff', () => {
    expect(choosePrunable(runs, { olderThanMs: 7 * DAY }, NOW).map((c) => [c.run.id, c.why])).toEqual([
      ['crashed', 'last wrote 9d 0h ago'],
      ['oldest', 'ended 10d 0h ago'],
    ])
    expect(choosePrunable(runs, { olderThanMs: 30 * DAY }, NOW)).toEqual([])
  })

  it('counts an unfinished run as live only within the live window', () => {
    const stale = run('stale', LIVE_WINDOW_MS + 60_000, false)
    expect(choosePrunable([stale], { keep: 0 }, NOW).map((c) => c.run.id)).toEqual(['stale'])
    expect(choosePrunable([run('fresh', LIVE_WINDOW_MS - 60_000, false)], { keep: 0 }, NOW)).toEqual([])
  })

  it('deletes the chosen runs with their recordings from the database, and leaves the audit log alone', () => {
    const { store } = createTempStore()
    for (const id of ['old', 'new']) {
      store.beginRun({ id, subject: 'etcd', kind: 'demo', started_at: 1000, meta: {} })
      store.appendRecording(id, [
        {
          seq: 0,
          at: 1001,
          kind: 'notice',
          source: null,
          stream: null,
          payload: JSON.stringify({ text: id, tone: 'info' }),
        },
      ])
      store.endRun(id, 1002, {})
      store.append({ run_id: id, actor: 'demo', type: 'cluster.up', payload: {} })
    }
    expect(store.deleteRecordedRuns(['old'])).toBe(1)
    expect(store.recordedRuns().map((r) => r.id)).toEqual(['new'])
    expect(store.recording('old')).toEqual([])
    expect(store.recording('new')).toHaveLength(1)
    expect(store.events({ types: ['cluster.up'] }).map((e) => e.run_id)).toEqual(['old', 'new'])
    expect(store.verifyChain()).toMatchObject({ ok: true })
  })
})
