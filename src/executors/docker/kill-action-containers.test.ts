import type Dockerode from 'dockerode'
import { describe, expect, it } from 'vitest'
import { killActionContainers, selectVictims } from './kill-action-containers.js'

function info(id: string, labels: Record<string, string>, state = 'running'): Dockerode.ContainerInfo {
  return { Id: id, Labels: labels, State: state } as Dockerode.ContainerInfo
}

const action = (run: string) => ({ 'operator.managed': 'true', 'operator.role': 'action', 'operator.run': run })

describe('kill switch container selection', () => {
  it('takes live action containers of this database’s runs only', () => {
    const all = [
      info('a1', action('r1')),
      info('a2', action('r1'), 'paused'),
      info('a3', action('r1'), 'created'),
      info('done', action('r1'), 'exited'),
      info('other-db', action('r9')),
      info('subject', { 'operator.managed': 'true', 'operator.role': 'subject', 'operator.run': 'r1' }),
      info('foreign', { 'operator.role': 'action', 'operator.run': 'r1' }),
    ]
    expect(selectVictims(all, new Set(['r1'])).map((c) => c.Id)).toEqual(['a1', 'a2', 'a3'])
  })

  it('reports the engine unavailable, at once, when none answers', async () => {
    const started = performance.now()
    const r = await killActionContainers(['r1'], { getEngine: () => Promise.reject(new Error('connect ENOENT')) })
    expect(r).toMatchObject({ engine: 'unavailable', containers_killed: 0, error: 'connect ENOENT' })
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('gives up within its bound on an engine that never answers', async () => {
    const hung = (signal?: AbortSignal) =>
      new Promise<never>((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason)))
    const started = performance.now()
    const r = await killActionContainers(['r1'], { getEngine: hung, timeoutMs: 200 })
    expect(r).toMatchObject({
      engine: 'unavailable',
      containers_killed: 0,
      error: 'the Docker engine did not answer in time',
    })
    expect(performance.now() - started).toBeLessThan(2000)
  })
})
