import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { etcdSubject } from '../../subjects/etcd/index.js'
import type { ActionDefinition } from '../core/action.js'
import { actionSpec } from '../core/action.js'
import { systemClock } from '../core/clock.js'
import type { Subject, SubjectModule } from '../core/subject.js'
import { GENERIC_ACTION_SPECS } from '../executors/catalogue.js'
import { withGenericActions } from './compose.js'
import { actionCatalogue } from './subjects.js'

describe('action catalogue', () => {
  it('knows every action the etcd agent may propose, with kind, risk and tier, without a cluster', () => {
    const byName = new Map(actionCatalogue('etcd').map((a) => [a.name, a]))
    expect(byName.get('restart_member')).toMatchObject({ kind: 'subject', risk: 'medium', tier: 2 })
    expect(byName.get('docker_exec')).toMatchObject({ kind: 'docker', tier: 3 })
    expect(byName.get('run_script')).toMatchObject({ kind: 'script', risk: 'high', tier: 3 })
    expect(byName.get('host_kill_process')).toMatchObject({ kind: 'host', tier: 3 })
    expect(new Set(actionCatalogue('etcd').map((a) => a.name)).size).toBe(actionCatalogue('etcd').length)
  })

  it('is data: the entries carry no run function, and their schemas check params', () => {
    for (const spec of actionCatalogue('etcd')) expect(spec).not.toHaveProperty('run')
    const restart = actionCatalogue('etcd').find((a) => a.name === 'restart_member')
    expect(restart?.params.safeParse({ member: 'm1' }).success).toBe(true)
    expect(restart?.params.safeParse({ member: 'm9' }).success).toBe(false)
  })

  it("lists the subject's own actions first, then every generic one", () => {
    const names = actionCatalogue('etcd').map((a) => a.name)
    expect(names.slice(0, etcdSubject.catalogue.length)).toEqual(etcdSubject.catalogue.map((a) => a.name))
    expect(names.slice(etcdSubject.catalogue.length)).toEqual(GENERIC_ACTION_SPECS.map((a) => a.name))
  })
})

describe('withGenericActions', () => {
  const own = actionSpec({
    name: 'docker_logs',
    kind: 'subject',
    description: "the subject's own, scoped to its run",
    params: z.strictObject({}),
    risk: 'low',
    tier: 1,
  })
  const ownAction: ActionDefinition = { ...own, run: async () => ({ status: 'ok', summary: 'own' }) }
  const module = {
    name: 'fake',
    catalogue: [own],
    open: async () => ({ name: 'fake', run_id: 'r1', actions: [ownAction] }) as unknown as Subject,
  } as unknown as SubjectModule

  it("keeps a subject's own action where a generic one has the same name, in the catalogue and in an opened run", async () => {
    const composed = withGenericActions(module)
    expect(composed.catalogue.filter((a) => a.name === 'docker_logs')).toEqual([own])
    expect(composed.catalogue.length).toBe(GENERIC_ACTION_SPECS.length)
    const opened = await composed.open('/nowhere', 'r1', { clock: systemClock, log: () => undefined })
    expect(opened.actions.filter((a) => a.name === 'docker_logs')).toEqual([ownAction])
    expect(opened.actions.map((a) => a.name)).toEqual(composed.catalogue.map((a) => a.name))
  })
})
