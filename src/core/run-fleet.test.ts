import { describe, expect, it } from 'vitest'
import { systemClock } from './clock.js'
import { type RunSource, superviseRuns } from './run-fleet.js'
import type { Subject } from './subject.js'

/** A subject stand-in: only its run id and close matter to the fleet. */
const fakeSubject = (runId: string, closed: string[]) =>
  ({ run_id: runId, close: async () => void closed.push(runId) }) as unknown as Subject

function source(over: Partial<RunSource> & { list: () => string[] }, closed: string[]): RunSource {
  return { openEnded: false, open: async (id) => fakeSubject(id, closed), ended: () => false, ...over }
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 300 && !check(); i++) await systemClock.sleep(10)
  expect(check()).toBe(true)
}

describe('superviseRuns', () => {
  it('runs each named run until it ends, closes its subject, and returns once every run has ended', async () => {
    const ended = new Set<string>()
    const closed: string[] = []
    const events: string[] = []
    const working = new Set<string>()
    const done = superviseRuns(
      {
        source: source({ list: () => ['a', 'b'], ended: (id) => ended.has(id) }, closed),
        clock: systemClock,
        signal: new AbortController().signal,
        rescanMs: 10,
        onError: () => undefined,
        onEvent: (event, id) => events.push(`${event} ${id}`),
      },
      async (s, signal) => {
        working.add(s.run_id)
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
        working.delete(s.run_id)
      },
    )
    await until(() => working.size === 2)
    ended.add('a')
    await until(() => !working.has('a'))
    expect(working.has('b')).toBe(true)
    ended.add('b')
    await done
    expect(closed.sort()).toEqual(['a', 'b'])
    expect(events).toEqual(['run.joined a', 'run.joined b', 'run.ended a', 'run.ended b'])
  })

  it('with all runs, joins a run that comes up, retries one that cannot be opened yet, and restarts work that failed', async () => {
    const up = ['a']
    const closed: string[] = []
    const errors: string[] = []
    let refusals = 1
    let starts = 0
    const stop = new AbortController()
    const seen = new Set<string>()
    const done = superviseRuns(
      {
        source: source(
          {
            openEnded: true,
            list: () => [...up],
            open: async (id) => {
              if (id === 'b' && refusals-- > 0) throw new Error('b not reachable yet')
              return fakeSubject(id, closed)
            },
          },
          closed,
        ),
        clock: systemClock,
        signal: stop.signal,
        rescanMs: 10,
        onError: (id, err) => errors.push(`${id}: ${(err as Error).message}`),
        onEvent: () => undefined,
      },
      async (s, signal) => {
        seen.add(s.run_id)
        if (s.run_id === 'a' && ++starts === 1) throw new Error('first loop of a failed')
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
      },
    )
    up.push('b')
    await until(() => seen.has('b') && starts >= 2)
    stop.abort()
    await done
    expect(errors).toEqual(['a: first loop of a failed', 'b: b not reachable yet'])
    expect(closed.filter((id) => id === 'a')).toHaveLength(2)
  })
})
