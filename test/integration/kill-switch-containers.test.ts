/**
 * The kill switch's container half on the real engine: with 10 sandbox
 * containers running and 100 proposals pending, one pull leaves no action
 * container of this database's runs alive and no proposal pending, while
 * the subject's own containers and another database's actions survive.
 */
import { describe, expect, it, onTestFinished } from 'vitest'
import { killActionContainers } from '../../src/executors/docker/kill-action-containers.js'
import { pullKillSwitch } from '../../src/safety/pull-kill-switch.js'
import { startTestContainer, testEngine } from '../fixtures/docker.js'
import { createKillLoad } from '../fixtures/kill-load.js'
import { createTempStore } from '../fixtures/temp-store.js'

const PENDING = ['proposed', 'validated', 'awaiting_approval', 'approved'] as const

describe('kill switch with action containers', () => {
  it('kills 10 running sandbox containers and cancels 100 pending proposals, leaving subject containers alone', async () => {
    const engine = await testEngine()
    const { store } = createTempStore()
    const load = await createKillLoad(store, engine, { containers: 10, proposals: 100 })
    onTestFinished(() => load.cleanup())
    const subject = await startTestContainer({
      labels: { 'operator.managed': 'true', 'operator.role': 'subject', 'operator.run': load.runId },
    })
    const otherDatabase = await startTestContainer({
      labels: {
        'operator.managed': 'true',
        'operator.role': 'action',
        'operator.run': 'a-run-this-database-never-saw',
      },
    })
    expect(await load.liveContainers()).toBe(10)
    expect(store.proposals({ status: [...PENDING] })).toHaveLength(100)

    const report = await pullKillSwitch(store, 'test', 0, { killContainers: (runIds) => killActionContainers(runIds) })

    expect(report).toMatchObject({
      proposals_cancelled: 100,
      containers_killed: 10,
      containers_failed: 0,
      engine: 'ok',
      safety_mode: 'observe',
      kill_latched: true,
    })
    expect(await load.liveContainers()).toBe(0)
    expect(store.proposals({ status: [...PENDING] })).toHaveLength(0)
    expect((await subject.container.inspect()).State.Status).toBe('running')
    expect((await otherDatabase.container.inspect()).State.Status).toBe('running')
    const leftovers = await engine.docker.listContainers({
      all: true,
      filters: { label: [`operator.run=${load.runId}`, 'operator.role=action'] },
    })
    expect(leftovers).toEqual([])

    // The sandbox runs in flight end at once, as failures: their containers are gone.
    const results = await Promise.all(load.runs)
    for (const r of results) expect(r.status).toBe('failed')
    const recorded = store.events({ types: ['kill_switch.containers'] })
    expect(recorded.at(-1)?.payload).toMatchObject({ engine: 'ok', containers_killed: 10 })
  })

  it('still engages, quickly, when no Docker engine answers', async () => {
    const { store } = createTempStore()
    store.append({ run_id: 'r1', actor: 'test', type: 'cluster.up', payload: {} })
    const hung = (signal?: AbortSignal) =>
      new Promise<never>((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason)))
    const started = performance.now()
    const report = await pullKillSwitch(store, 'test', 0, {
      killContainers: (runIds) => killActionContainers(runIds, { getEngine: hung, timeoutMs: 300 }),
    })
    expect(report).toMatchObject({
      engine: 'unavailable',
      containers_killed: 0,
      safety_mode: 'observe',
      kill_latched: true,
    })
    expect(performance.now() - started).toBeLessThan(2000)
    expect(store.modes()).toMatchObject({ safety: 'observe', kill_latched: true })
  })
})
