import { describe, expect, it } from 'vitest'
import { systemClock } from '../core/clock.js'
import type { ActionDefinition } from '../core/subject.js'
import { genericActions } from './catalogue.js'
import type { Engine } from './docker/engine.js'

/** An engine with two managed containers, one of run A and one of run B; records every call that changes one. */
function fakeEngine() {
  const calls: string[] = []
  const labels: Record<string, Record<string, string>> = {
    mine: { 'operator.managed': 'true', 'operator.role': 'subject', 'operator.run': 'run-a' },
    theirs: { 'operator.managed': 'true', 'operator.role': 'subject', 'operator.run': 'run-b' },
  }
  const container = (ref: string) => ({
    inspect: async () => {
      if (!(ref in labels)) throw Object.assign(new Error('no such container'), { statusCode: 404 })
      return {
        Id: ref,
        Name: `/${ref}`,
        Config: { Labels: labels[ref] },
        State: { Status: 'running', Running: true, Paused: false },
      }
    },
    pause: async () => void calls.push(`pause ${ref}`),
  })
  const engine = { docker: { getContainer: container }, host: 'fake', version: '0' } as unknown as Engine
  return { engine, calls }
}

describe('generic Docker actions bound to a run', () => {
  const ctx = { signal: new AbortController().signal, clock: systemClock, log: () => undefined }

  it('refuse a managed container of another run, naming the rule, the labels required and the fix', async () => {
    const { engine, calls } = fakeEngine()
    const actions = genericActions({ getEngine: async () => engine, runId: 'run-a' })
    const pause = actions.find((a) => a.name === 'docker_pause') as ActionDefinition<unknown>

    const r = await pause.run({ container: 'theirs' }, ctx)
    expect(r).toMatchObject({
      status: 'failed',
      summary: 'refused: container "theirs" is outside the Docker action scope',
      details: { container: 'theirs', rule: 'scope.this_run' },
    })
    const error = r.status === 'failed' ? r.error : ''
    expect(error).toMatch(/^rule scope\.this_run: container "theirs" /)
    expect(error).toContain('operator.managed=true, operator.run=run-a')
    expect(error).toContain('operator.run=run-b')
    expect(error).toMatch(/act on run run-b from that run/)
    expect(calls).toEqual([])

    expect(await pause.run({ container: 'mine' }, ctx)).toMatchObject({ status: 'ok', details: { changed: true } })
    expect(calls).toEqual(['pause mine'])
  })
})
