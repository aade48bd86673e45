import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Subject } from '../../core/subject.js'
import { dockerReadTools } from './docker-tools.js'
import { toolSpecs } from './tools.js'

const runs: unknown[] = []
const action = (name: string) => ({
  name,
  kind: 'docker',
  description: `${name}.`,
  params: z.strictObject({ container: z.string().min(1) }),
  risk: 'low',
  tier: 1,
  run: async (p: unknown) => {
    runs.push([name, p])
    return { status: 'ok', summary: `${name} ran` }
  },
})
const subject = {
  actions: [action('docker_logs'), action('docker_inspect'), action('docker_restart')],
} as unknown as Subject
const onDocker = { members: [{ name: 'm1', container: 'etcd-r1-m1' }] }
const onProcesses = { members: [{ name: 'm1' }] }

describe('read-only Docker tools of the model', () => {
  it('are offered on the docker runtime only, and never one that changes a container', () => {
    expect(dockerReadTools(subject, onDocker).map((t) => t.spec.name)).toEqual(['docker_logs', 'docker_inspect'])
    expect(dockerReadTools(subject, onProcesses)).toEqual([])
    const names = toolSpecs(subject, dockerReadTools(subject, onDocker)).map((t) => t.name)
    expect(names).toContain('docker_inspect')
    expect(names).not.toContain('docker_restart')
  })

  it('run the action at once with valid params, and say what is wrong with invalid ones', async () => {
    const [logs] = dockerReadTools(subject, onDocker)
    const signal = new AbortController().signal
    const deps = {} as never
    expect(await logs?.run({ container: 'etcd-r1-m1' }, deps, signal)).toMatchObject({ status: 'ok' })
    expect(runs).toEqual([['docker_logs', { container: 'etcd-r1-m1' }]])
    expect(await logs?.run({ container: '' }, deps, signal)).toMatchObject({
      error: expect.stringContaining('invalid params'),
    })
    expect(runs).toHaveLength(1)
  })
})
