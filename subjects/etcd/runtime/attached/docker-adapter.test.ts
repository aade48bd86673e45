/**
 * The docker adapter through the attached runtime, against a fake engine:
 * what it sees of a container, the engine calls a restart makes, the
 * containers it never touches, and the faults it injects.
 */
import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../../src/core/clock.js'
import { attachedRun } from '../../../../test/fixtures/attached-run.js'
import { fakeDockerEngine } from '../../../../test/fixtures/fake-docker-engine.js'
import { attachedMemberRuntime } from '../attached-member-runtime.js'
import { dockerAdapter } from './docker-adapter.js'

const CONTAINERS = { m1: 'etcd-a', m2: 'etcd-b' }
const RUN = attachedRun({ adapter: 'docker', units: {}, containers: CONTAINERS, allow_faults: true }, 'http')

function runtimeOn(engine: ReturnType<typeof fakeDockerEngine>) {
  return attachedMemberRuntime(RUN, dockerAdapter(RUN.run_id, CONTAINERS, engine.getEngine))
}

describe('the docker adapter of an attached run', () => {
  it('sees a running container with its pid, an exited one as exited, a removed one as exited with no pid', async () => {
    const engine = fakeDockerEngine({ 'etcd-a': 'running', 'etcd-b': 'exited', 'etcd-c': 'running' })
    const rt = runtimeOn(engine)
    const m1 = await rt.view('m1')
    expect(m1).toMatchObject({ process: 'running', container: 'etcd-a' })
    expect(m1.pid).toBeGreaterThan(0)
    expect(m1.instance).toMatch(/^id-etcd-a@/)
    expect(m1.networks).toBeUndefined()
    expect(await rt.view('m2')).toEqual({ process: 'exited', pid: null, container: 'etcd-b' })
    // No container named for m3: not the adapter's to see, whatever runs on the engine.
    expect(await rt.view('m3')).toEqual({ process: 'unknown', pid: null })

    const gone = runtimeOn(fakeDockerEngine({ 'etcd-a': 'running' }))
    expect(await gone.view('m2')).toEqual({ process: 'exited', pid: null, container: 'etcd-b' })
    expect(await gone.logTail('m2')).toBe('container etcd-b is gone from the engine')
    await expect(gone.restart('m2', new SimulatedClock())).rejects.toThrow(
      /m2's container etcd-b \(attached run prod\) is gone from the engine; Operator restarts it but never creates it/,
    )
  })

  it('starts an exited container, restarts a running one, unpauses a paused one first', async () => {
    const engine = fakeDockerEngine({ 'etcd-a': 'paused', 'etcd-b': 'exited' })
    const rt = runtimeOn(engine)
    const started = await rt.restart('m2', new SimulatedClock())
    expect(started).toMatchObject({
      was: 'exited',
      details: { container: 'etcd-b', adapter: 'docker', engine_call: 'start' },
    })
    expect(started.instance).toBe((await rt.view('m2')).instance)
    expect(started.log_since).toBeGreaterThan(0)
    const resumed = await rt.restart('m1', new SimulatedClock())
    expect(resumed).toMatchObject({ was: 'paused', details: { engine_call: 'restart' } })
    expect(engine.calls).toEqual(['start etcd-b', 'unpause etcd-a', 'restart etcd-a'])
  })

  it('never touches a container for a member with none named: its restart escalates with a docker restart command', async () => {
    const engine = fakeDockerEngine({ 'etcd-a': 'running', 'etcd-b': 'running', 'etcd-c': 'exited' })
    const rt = runtimeOn(engine)
    await expect(rt.restart('m3', new SimulatedClock())).rejects.toThrow(
      /runs outside Operator \(runtime adapter docker, no --member-container for m3\); a person restarts it: restart the etcd member m3 \(http:\/\/127\.0\.0\.1:2381\) on its host, e\.g\. docker restart <its container>/,
    )
    await expect(rt.kill('m3')).rejects.toThrow(/no --member-container for m3/)
    expect(engine.calls).toEqual([])
  })

  it('kills, pauses and resumes a named container (faults, with --allow-faults), and refuses a partition', async () => {
    const engine = fakeDockerEngine({ 'etcd-a': 'running', 'etcd-b': 'running' })
    const rt = runtimeOn(engine)
    expect(await rt.kill('m2')).toMatchObject({
      changed: true,
      summary: 'container etcd-b killed (SIGKILL; was running)',
    })
    expect(engine.status('etcd-b')).toBe('exited')
    await expect(rt.kill('m2')).rejects.toThrow(/m2 has no running container to kill \(etcd-b is exited\)/)
    expect(await rt.pause('m1')).toMatchObject({ changed: true })
    expect(await rt.pause('m1')).toMatchObject({ changed: false })
    expect(await rt.resume('m1')).toMatchObject({ changed: true })
    await expect(rt.partition('m1')).rejects.toThrow(/partition is not done through the docker adapter/)
    expect(engine.calls).toEqual(['kill etcd-b', 'pause etcd-a', 'unpause etcd-a'])
  })
})
