import { describe, expect, it } from 'vitest'
import { type FakeContainer, fakeEngineHttp } from '../../../test/fixtures/fake-engine-http.js'
import { engineEndpoint, engineHosts, LABEL_MANAGED, LABEL_ROLE, LABEL_RUN } from './endpoints.js'
import * as engine from './engine.js'
import { killActionContainers } from './kill-action-containers.js'

const action = (run: string, state: FakeContainer['state'] = 'running'): FakeContainer => ({
  state,
  labels: { 'operator.managed': 'true', 'operator.role': 'action', 'operator.run': run },
})

describe('finding the engine without dockerode', () => {
  it('tries DOCKER_HOST first, then the default socket, then Operator’s own, each once', () => {
    expect(engineHosts({ DOCKER_HOST: 'unix:///a.sock' })).toEqual([
      'unix:///a.sock',
      'unix:///var/run/docker.sock',
      'unix:///run/operator-docker/docker.sock',
    ])
    expect(engineHosts({ DOCKER_HOST: 'unix:///var/run/docker.sock' })).toHaveLength(2)
  })

  it('reaches an engine on a unix socket or this machine only', () => {
    expect(engineEndpoint('unix:///x/docker.sock')).toEqual({
      host: 'unix:///x/docker.sock',
      socketPath: '/x/docker.sock',
    })
    expect(engineEndpoint('tcp://127.0.0.1:2376')).toMatchObject({ hostname: '127.0.0.1', port: 2376 })
    expect(engineEndpoint('tcp://[::1]')).toMatchObject({ hostname: '::1', port: 2375 })
    expect(engineEndpoint('tcp://10.0.0.5:2375')).toBeNull()
  })

  it('labels containers as engine.ts does', () => {
    expect([LABEL_MANAGED, LABEL_ROLE, LABEL_RUN]).toEqual([engine.LABEL_MANAGED, engine.LABEL_ROLE, engine.LABEL_RUN])
  })
})

describe('the kill switch’s container half over the Engine API', () => {
  it('lists once by label and removes by force only the live actions of this database’s runs', async () => {
    const fake = await fakeEngineHttp({
      a1: action('r1'),
      a2: action('r1', 'paused'),
      a3: action('r2', 'created'),
      done: action('r1', 'exited'),
      foreign: action('r9'),
      subject: { state: 'running', labels: { ...action('r1').labels, 'operator.role': 'subject' } },
    })
    const kill = killActionContainers(['r1', 'r2'], { env: { DOCKER_HOST: fake.host } })
    await kill.sent
    const report = await kill
    expect(report).toMatchObject({ engine: 'ok', containers_killed: 3, containers_failed: 0 })
    expect([...report.container_ids].sort()).toEqual(['a1', 'a2', 'a3'])
    expect([...fake.containers.keys()].sort()).toEqual(['done', 'foreign', 'subject'])
    const lists = fake.requests.filter((r) => r.startsWith('GET /containers/json'))
    expect(lists).toHaveLength(1)
    expect(decodeURIComponent(lists[0] ?? '')).toContain('"label":["operator.managed=true","operator.role=action"]')
    const removals = fake.requests.filter((r) => r.startsWith('DELETE'))
    expect(removals.sort()).toEqual(['a1', 'a2', 'a3'].map((id) => `DELETE /containers/${id}?force=1&v=1`))
    expect(fake.requests.filter((r) => r.endsWith('/json') && !r.includes('containers/json'))).toEqual([])
  })

  it('waits for a removal already under way elsewhere until the container is gone', async () => {
    const fake = await fakeEngineHttp({ a1: { ...action('r1'), removing: 2 } })
    const report = await killActionContainers(['r1'], { env: { DOCKER_HOST: fake.host } })
    expect(report).toMatchObject({ engine: 'ok', containers_killed: 1, containers_failed: 0 })
    expect(fake.containers.has('a1')).toBe(false)
    expect(fake.requests.filter((r) => r === 'GET /containers/a1/json').length).toBeGreaterThan(0)
  })

  it('says there is nothing to send when no action of these runs lives', async () => {
    const fake = await fakeEngineHttp({ other: action('r9') })
    const kill = killActionContainers(['r1'], { env: { DOCKER_HOST: fake.host } })
    await kill.sent
    expect(await kill).toMatchObject({ engine: 'ok', containers_killed: 0, container_ids: [] })
    expect(fake.requests.filter((r) => r.startsWith('DELETE'))).toEqual([])
  })

  it('refuses an engine that is not on this machine, as unavailable', async () => {
    const r = await killActionContainers(['r1'], { env: { DOCKER_HOST: 'tcp://10.0.0.5:2375' } })
    expect(r).toMatchObject({ engine: 'unavailable', containers_killed: 0 })
    expect(r.error).toMatch(/not on this machine/)
  })
})
