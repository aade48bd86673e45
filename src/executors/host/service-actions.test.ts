import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../core/clock.js'
import type { ActionContext } from '../../core/subject.js'
import { hostServiceActions } from './service-actions.js'
import type { ServiceCommandOutcome, ServiceManager } from './service-manager.js'
import { createServicePolicy } from './service-policy.js'

interface FakeOptions {
  /** Units whose command exits 0 but whose state does not change. */
  liars?: string[]
  /** Units whose command fails with this exit code. */
  failing?: Record<string, number>
}

function fakeManager(active: Set<string>, options: FakeOptions = {}) {
  const calls: string[] = []
  const command =
    (verb: 'start' | 'stop' | 'restart') =>
    async (unit: string): Promise<ServiceCommandOutcome> => {
      calls.push(`${verb} ${unit}`)
      const code = options.failing?.[unit]
      if (code !== undefined)
        return { ok: false, reason: 'exit_code', exit_code: code, detail: `Job for ${unit} failed.` }
      if (options.liars?.includes(unit)) return { ok: true }
      if (verb === 'stop') active.delete(unit)
      else active.add(unit)
      return { ok: true }
    }
  const manager: ServiceManager = {
    start: command('start'),
    stop: command('stop'),
    restart: command('restart'),
    async isActive(unit) {
      calls.push(`is-active ${unit}`)
      return active.has(unit)
        ? { ok: true, active: true, state: 'active' }
        : { ok: true, active: false, state: 'inactive' }
    },
  }
  return { manager, calls }
}

function context(): ActionContext {
  return { signal: new AbortController().signal, clock: new SimulatedClock(0), log: () => undefined }
}

describe('host service actions', () => {
  it('declare their kind, risk and tier', () => {
    const a = hostServiceActions({ manager: fakeManager(new Set()).manager, policy: createServicePolicy([]) })
    expect(
      [a.host_service_start, a.host_service_stop, a.host_service_restart].map((x) => [x.name, x.kind, x.risk, x.tier]),
    ).toEqual([
      ['host_service_start', 'host', 'medium', 2],
      ['host_service_stop', 'host', 'high', 2],
      ['host_service_restart', 'host', 'high', 2],
    ])
  })

  it('starts, restarts and stops an allowlisted service and verifies each state', async () => {
    const active = new Set<string>()
    const { manager, calls } = fakeManager(active)
    const a = hostServiceActions({ manager, policy: createServicePolicy(['web']) })
    expect(await a.host_service_start.run({ service: 'web' }, context())).toMatchObject({
      status: 'ok',
      details: { unit: 'web.service', was_active: false, state: 'active' },
    })
    expect(await a.host_service_restart.run({ service: 'web.service' }, context())).toMatchObject({
      status: 'ok',
      details: { was_active: true, state: 'active' },
    })
    expect(await a.host_service_stop.run({ service: 'web' }, context())).toMatchObject({
      status: 'ok',
      details: { state: 'inactive' },
    })
    expect(calls.filter((c) => !c.startsWith('is-active'))).toEqual([
      'start web.service',
      'restart web.service',
      'stop web.service',
    ])
  })

  it('reports failure when the command exits 0 but the state never changes', async () => {
    const { manager } = fakeManager(new Set(), { liars: ['web.service'] })
    const a = hostServiceActions({ manager, policy: createServicePolicy(['web']), verifyTimeoutMs: 1000 })
    const r = await a.host_service_start.run({ service: 'web' }, context())
    expect(r).toMatchObject({
      status: 'failed',
      summary: 'web.service is inactive after start',
      details: { state: 'inactive' },
    })
  })

  it('reports the exit code when the command fails', async () => {
    const { manager } = fakeManager(new Set(), { failing: { 'web.service': 5 } })
    const a = hostServiceActions({ manager, policy: createServicePolicy(['web']) })
    const r = await a.host_service_start.run({ service: 'web' }, context())
    expect(r).toMatchObject({ status: 'failed', details: { reason: 'exit_code', exit_code: 5 } })
    expect(r.status === 'failed' && r.error).toMatch(/exited with code 5/)
  })

  it('refuses, naming the rule, without calling the service manager', async () => {
    const { manager, calls } = fakeManager(new Set())
    const a = hostServiceActions({ manager, policy: createServicePolicy(['ssh', 'web']) })
    const cases: [string, string][] = [
      ['ssh', 'forbidden'],
      ['../x', 'name_traversal'],
      ['a/b', 'name_traversal'],
      ['db', 'not_allowlisted'],
      ['web.socket', 'not_a_service'],
    ]
    for (const [service, rule] of cases) {
      const r = await a.host_service_stop.run({ service }, context())
      expect(r, service).toMatchObject({ status: 'failed', details: { refused: true, rule } })
      expect(r.summary, service).toContain(rule)
    }
    expect(calls).toEqual([])
  })

  it('rejects with the abort reason when aborted', async () => {
    const { manager } = fakeManager(new Set())
    const a = hostServiceActions({ manager, policy: createServicePolicy(['web']) })
    const controller = new AbortController()
    controller.abort(new Error('kill switch'))
    await expect(
      a.host_service_start.run({ service: 'web' }, { ...context(), signal: controller.signal }),
    ).rejects.toThrow('kill switch')
  })
})
