import { describe, expect, it } from 'vitest'
import { fakeDockerEngine } from '../../../../test/fixtures/fake-docker-engine.js'
import { type AdapterCheckDeps, checkAdapter } from './check-adapter.js'
import type { CommandOutcome, SystemctlRunner } from './systemctl-runner.js'

const noEngine = async () => Promise.reject(new Error('no engine should be asked'))
const noSystemctl: SystemctlRunner = async () => Promise.reject(new Error('systemctl should not run'))

function deps(o: Partial<AdapterCheckDeps> = {}): AdapterCheckDeps {
  return { engine: noEngine, systemctl: noSystemctl, ...o }
}

/** A systemctl that knows these units (loaded), or is missing from the host altogether. */
function systemctl(loaded: string[] | 'missing'): SystemctlRunner {
  return async (args): Promise<CommandOutcome> => {
    if (loaded === 'missing') return { ok: false, reason: 'spawn_failed', exit_code: null, detail: 'ENOENT' }
    if (args[0] === '--version') return { ok: true, stdout: 'systemd 252\n' }
    const unit = args.at(-1) ?? ''
    return { ok: true, stdout: `LoadState=${loaded.includes(unit) ? 'loaded' : 'not-found'}\n` }
  }
}

describe('checking a runtime adapter at attach time', () => {
  it('asks nothing for the none adapter', async () => {
    expect(await checkAdapter({ adapter: 'none', units: { m1: 'x' }, containers: { m1: 'y' } }, deps())).toEqual({})
  })

  it('docker: finds every named container on the engine and records that engine', async () => {
    const engine = fakeDockerEngine({ 'etcd-a': 'running', 'etcd-b': 'exited' }, 'unix:///run/x.sock')
    const choice = { adapter: 'docker' as const, units: {}, containers: { m1: 'etcd-a', m2: 'etcd-b' } }
    expect(await checkAdapter(choice, deps({ engine: engine.getEngine }))).toEqual({
      engine_host: 'unix:///run/x.sock',
    })
    const missing = { ...choice, containers: { m1: 'etcd-a', m3: 'etcd-z' } }
    await expect(checkAdapter(missing, deps({ engine: engine.getEngine }))).rejects.toThrow(
      /^--member-container m3=etcd-z: no container etcd-z on the Docker engine at unix:\/\/\/run\/x\.sock$/,
    )
    await expect(checkAdapter({ ...choice, containers: {} }, deps())).rejects.toThrow(
      /--runtime-adapter docker restarts only the members named with --member-container, and none is named/,
    )
    expect(engine.calls).toEqual([])
  })

  it('systemd: needs systemctl on this host, and each unit a loaded service', async () => {
    const choice = { adapter: 'systemd' as const, units: { m1: 'etcd@m1', m2: 'etcd@m2' }, containers: {} }
    await expect(checkAdapter(choice, deps({ systemctl: systemctl('missing') }))).rejects.toMatchObject({
      message: 'the systemd adapter needs systemctl on this host, and none is found',
      fix: expect.stringMatching(/use --runtime-adapter none\|docker/),
    })
    expect(await checkAdapter(choice, deps({ systemctl: systemctl(['etcd@m1.service', 'etcd@m2.service']) }))).toEqual(
      {},
    )
    await expect(checkAdapter(choice, deps({ systemctl: systemctl(['etcd@m1.service']) }))).rejects.toThrow(
      /--member-unit m2=etcd@m2: systemd has no unit etcd@m2\.service on this host/,
    )
    const bad = { ...choice, units: { m1: 'etcd;reboot' } }
    await expect(checkAdapter(bad, deps({ systemctl: systemctl([]) }))).rejects.toThrow(
      /--member-unit m1=etcd;reboot: .*may only contain/,
    )
  })
})
