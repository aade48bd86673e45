/**
 * Each Docker action against a real container on the real engine: lifecycle
 * with idempotency, exit codes explained (143 graceful, 137 killed), logs,
 * inspect, exec, networks, and the scope refusing unmanaged targets — and,
 * bound to a run as an opened subject gets them, another run's containers.
 */
import { describe, expect, it } from 'vitest'
import type { ActionDefinition, ActionResult } from '../../src/core/subject.js'
import { genericActionsForRun } from '../../src/executors/catalogue.js'
import { dockerActions } from '../../src/executors/docker/actions.js'
import {
  actionContext,
  createTestNetwork,
  MANAGED,
  startTestContainer,
  testEngine,
  uniqueName,
} from '../fixtures/docker.js'

const actions = dockerActions(testEngine)

async function run(
  name: string,
  params: Record<string, unknown>,
): Promise<ActionResult & { details?: Record<string, unknown> }> {
  const action = actions.find((a) => a.name === name) as ActionDefinition<unknown>
  return action.run(action.params.parse(params), actionContext())
}

async function stateOf(container: { inspect(): Promise<{ State: { Status: string } }> }): Promise<string> {
  return (await container.inspect()).State.Status
}

describe('Docker lifecycle actions', () => {
  it('start, stop, pause, unpause and restart a managed container, idempotently', async () => {
    const { container, name } = await startTestContainer({ labels: MANAGED })

    expect(await run('docker_start', { container: name })).toMatchObject({
      status: 'ok',
      summary: `${name} is already running`,
      details: { changed: false },
    })

    const paused = await run('docker_pause', { container: name })
    expect(paused).toMatchObject({ status: 'ok', details: { changed: true } })
    expect(await stateOf(container)).toBe('paused')
    expect(await run('docker_pause', { container: name })).toMatchObject({ status: 'ok', details: { changed: false } })
    expect(await run('docker_start', { container: name })).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('docker_unpause'),
    })

    expect(await run('docker_unpause', { container: name })).toMatchObject({ status: 'ok', details: { changed: true } })
    expect(await stateOf(container)).toBe('running')
    expect(await run('docker_unpause', { container: name })).toMatchObject({
      status: 'ok',
      summary: `${name} is already running (not paused)`,
    })

    // `sleep` as PID 1 ignores SIGTERM: the grace expires and SIGKILL ends it (137, not OOM).
    const stopped = await run('docker_stop', { container: name, timeout_s: 1 })
    expect(stopped).toMatchObject({
      status: 'ok',
      details: { changed: true, escalated: true, exit_code: 137, oom_killed: false },
    })
    expect(stopped.summary).toMatch(/did not stop within 1 s, killed: exit 137: killed by SIGKILL/)
    expect(await stateOf(container)).toBe('exited')
    expect(await run('docker_stop', { container: name })).toMatchObject({
      status: 'ok',
      details: { changed: false, exit_code: 137 },
    })
    expect(await run('docker_pause', { container: name })).toMatchObject({
      status: 'failed',
      summary: `${name} is not running`,
    })
    expect(await run('docker_unpause', { container: name })).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('docker_start'),
    })

    expect(await run('docker_start', { container: name })).toMatchObject({ status: 'ok', details: { changed: true } })
    expect(await stateOf(container)).toBe('running')

    const restarted = await run('docker_restart', { container: name, timeout_s: 1 })
    expect(restarted).toMatchObject({
      status: 'ok',
      details: { was_running: true, escalated: true, status: 'running' },
    })
    expect(await stateOf(container)).toBe('running')
  })

  it('explains a graceful stop as 143', async () => {
    const { name } = await startTestContainer({
      labels: MANAGED,
      cmd: ['bash', '-c', 'trap "exit 143" TERM; while :; do sleep 0.1; done'],
    })
    const stopped = await run('docker_stop', { container: name, timeout_s: 10 })
    expect(stopped).toMatchObject({ status: 'ok', details: { escalated: false, exit_code: 143 } })
    expect(stopped.summary).toMatch(/exit 143: stopped gracefully by SIGTERM/)
  })

  it('refuses a container that is not managed, naming the rule, and leaves it running', async () => {
    const { container, name } = await startTestContainer({ labels: { 'some.other': 'label' } })
    for (const [action, params] of [
      ['docker_stop', { container: name }],
      ['docker_logs', { container: name }],
      ['docker_exec', { container: name, command: ['id'] }],
    ] as const) {
      const r = await run(action, params)
      expect(r).toMatchObject({
        status: 'failed',
        summary: `refused: container "${name}" is outside the Docker action scope`,
        details: { rule: 'scope.managed_only' },
      })
      expect(r.status === 'failed' && r.error).toMatch(
        /^rule scope\.managed_only: container ".*" is not labelled operator\.managed=true/,
      )
    }
    expect(await stateOf(container)).toBe('running')
  })

  it('reports an unknown container as failed', async () => {
    expect(await run('docker_inspect', { container: 'operator-test-no-such-container' })).toMatchObject({
      status: 'failed',
      error: 'no such container on this engine',
    })
  })
})

describe('Docker read actions', () => {
  it('returns a bounded tail of the logs with timestamps, secrets redacted, never following', async () => {
    const script =
      'for i in $(eval echo {1..500}); do echo "line $i"; done; echo "DB_PASSWORD=hunter2hunter2"; echo done; sleep 300'
    const { name } = await startTestContainer({ labels: MANAGED, cmd: ['bash', '-c', script] })
    let r = await run('docker_logs', { container: name, tail: 5 })
    for (let i = 0; i < 50 && !String(r.details?.logs).includes('done'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      r = await run('docker_logs', { container: name, tail: 5 })
    }
    expect(r).toMatchObject({ status: 'ok', details: { lines: 5, truncated: false } })
    const lines = String(r.details?.logs).trim().split('\n')
    expect(lines).toHaveLength(5)
    for (const l of lines) expect(l).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z /)
    expect(lines.at(-1)).toMatch(/ done$/)
    expect(String(r.details?.logs)).toContain('DB_PASSWORD=[REDACTED]')
    expect(String(r.details?.logs)).not.toContain('hunter2')

    const plain = await run('docker_logs', { container: name, tail: 2, timestamps: false })
    expect(String(plain.details?.logs).trim().split('\n')).toEqual(['DB_PASSWORD=[REDACTED]', 'done'])
  })

  it('inspects state, command, labels and limits, with secret environment values redacted', async () => {
    const e = await testEngine()
    const { name } = await startTestContainer({
      labels: MANAGED,
      env: ['MODE=test', 'DB_PASSWORD=hunter2hunter2', 'API_TOKEN=abc123abc123'],
    })
    await e.docker.getContainer(name).update({ Memory: 64 * 1024 * 1024, MemorySwap: 64 * 1024 * 1024 })
    const r = await run('docker_inspect', { container: name })
    expect(r).toMatchObject({
      status: 'ok',
      summary: `${name} is running`,
      details: {
        name,
        state: { status: 'running', running: true, exit: null },
        command: ['sleep', '300'],
        labels: MANAGED,
        limits: { memory: 64 * 1024 * 1024 },
      },
    })
    expect(r.details?.env).toEqual(['MODE=test', 'DB_PASSWORD=[REDACTED]', 'API_TOKEN=[REDACTED]'])
  })
})

describe('docker_exec', () => {
  it('runs an argument array, reporting exit code and both streams', async () => {
    const { name } = await startTestContainer({ labels: MANAGED })
    const okRun = await run('docker_exec', { container: name, command: ['id', '-u'], user: '10001' })
    expect(okRun).toMatchObject({ status: 'ok', details: { exit_code: 0, stdout: '10001\n', timed_out: false } })

    // The argument is passed as it is: no host shell ever sees it.
    const literal = await run('docker_exec', {
      container: name,
      command: ['bash', '-c', 'echo "$1"; echo err >&2; exit 3', 'x', '$(reboot); `id`'],
    })
    expect(literal).toMatchObject({
      status: 'failed',
      error: 'exit 3: the program reported an error',
      details: { exit_code: 3, stdout: '$(reboot); `id`\n', stderr: 'err\n' },
    })

    const missing = await run('docker_exec', { container: name, command: ['no-such-program'] })
    expect(missing).toMatchObject({ status: 'failed' })
  })

  it('bounds output and kills a command that runs past its time', async () => {
    const { name } = await startTestContainer({ labels: MANAGED })
    const big = await run('docker_exec', {
      container: name,
      command: ['node', '-e', 'process.stdout.write("x".repeat(200000))'],
    })
    expect(big).toMatchObject({ status: 'ok', details: { stdout_bytes: 200_000, truncated: true } })
    expect(String(big.details?.stdout)).toHaveLength(64 * 1024)

    const started = Date.now()
    const slow = await run('docker_exec', { container: name, command: ['sleep', '30'], timeout_ms: 500 })
    expect(slow).toMatchObject({ status: 'failed', details: { timed_out: true, killed: true } })
    expect(Date.now() - started).toBeLessThan(5000)
    const e = await testEngine()
    const top = (await e.docker.getContainer(name).top()) as { Processes: string[][] }
    expect(top.Processes.map((p) => p.join(' ')).filter((p) => / sleep 30$/.test(p))).toEqual([])
  })

  it('refuses a stopped container', async () => {
    const { name } = await startTestContainer({ labels: MANAGED, start: false })
    expect(await run('docker_exec', { container: name, command: ['id'] })).toMatchObject({
      status: 'failed',
      error: 'exec needs a running, unpaused container',
    })
  })
})

describe('Docker network actions', () => {
  it('connects and disconnects a managed container, idempotently, and refuses an unmanaged network', async () => {
    const home = await createTestNetwork({ 'operator.managed': 'true' })
    const peers = await createTestNetwork({ 'operator.managed': 'true' })
    const foreign = await createTestNetwork({})
    const { container, name } = await startTestContainer({ labels: MANAGED, network: home.name })
    const networks = async () => Object.keys((await container.inspect()).NetworkSettings.Networks ?? {}).sort()

    expect(await run('docker_network_connect', { container: name, network: peers.name })).toMatchObject({
      status: 'ok',
      details: { changed: true },
    })
    expect(await networks()).toEqual([home.name, peers.name].sort())
    expect(await run('docker_network_connect', { container: name, network: peers.name })).toMatchObject({
      status: 'ok',
      summary: `${name} is already connected to ${peers.name}`,
      details: { changed: false },
    })

    expect(await run('docker_network_disconnect', { container: name, network: peers.name })).toMatchObject({
      status: 'ok',
      details: { changed: true },
    })
    expect(await networks()).toEqual([home.name])
    expect(await run('docker_network_disconnect', { container: name, network: peers.name })).toMatchObject({
      status: 'ok',
      details: { changed: false },
    })

    const refused = await run('docker_network_connect', { container: name, network: foreign.name })
    expect(refused).toMatchObject({ status: 'failed', details: { rule: 'scope.managed_only', network: foreign.name } })
    expect(await networks()).toEqual([home.name])
  })
})

describe('Docker actions bound to a run (genericActionsForRun)', () => {
  const runA = uniqueName('test-run-a')
  const runB = uniqueName('test-run-b')
  const runLabels = (run: string) => ({ ...MANAGED, 'operator.run': run })

  async function runBound(name: string, params: Record<string, unknown>): Promise<ActionResult> {
    const action = genericActionsForRun(runA).find((a) => a.name === name) as ActionDefinition<unknown>
    return action.run(action.params.parse(params), actionContext())
  }

  it("refuse a managed container of another run, changing nothing, and act on their own run's", async () => {
    const theirs = await startTestContainer({ labels: runLabels(runB) })
    const mine = await startTestContainer({ labels: runLabels(runA) })
    for (const [action, params] of [
      ['docker_stop', { container: theirs.name, timeout_s: 1 }],
      ['docker_pause', { container: theirs.name }],
      ['docker_restart', { container: theirs.name, timeout_s: 1 }],
      ['docker_exec', { container: theirs.name, command: ['id'] }],
      ['docker_logs', { container: theirs.name }],
      ['docker_inspect', { container: theirs.name }],
    ] as const) {
      const r = await runBound(action, params)
      expect(r, action).toMatchObject({
        status: 'failed',
        summary: `refused: container "${theirs.name}" is outside the Docker action scope`,
        details: { container: theirs.name, rule: 'scope.this_run' },
      })
      expect(r.status === 'failed' && r.error, action).toContain(`operator.managed=true, operator.run=${runA}`)
    }
    const after = await theirs.container.inspect()
    expect(after.State).toMatchObject({ Status: 'running', Running: true, Paused: false, Restarting: false })

    expect(await runBound('docker_pause', { container: mine.name })).toMatchObject({
      status: 'ok',
      details: { changed: true },
    })
    expect(await stateOf(mine.container)).toBe('paused')
    expect(await runBound('docker_unpause', { container: mine.name })).toMatchObject({ status: 'ok' })
    expect(await stateOf(mine.container)).toBe('running')
  })

  it("refuse another run's network and connect their own run's", async () => {
    const home = await createTestNetwork(runLabels(runA))
    const ours = await createTestNetwork(runLabels(runA))
    const foreign = await createTestNetwork(runLabels(runB))
    const { container, name } = await startTestContainer({ labels: runLabels(runA), network: home.name })
    const networks = async () => Object.keys((await container.inspect()).NetworkSettings.Networks ?? {}).sort()

    const refused = await runBound('docker_network_connect', { container: name, network: foreign.name })
    expect(refused).toMatchObject({ status: 'failed', details: { network: foreign.name, rule: 'scope.this_run' } })
    expect(await networks()).toEqual([home.name])

    expect(await runBound('docker_network_connect', { container: name, network: ours.name })).toMatchObject({
      status: 'ok',
      details: { changed: true },
    })
    expect(await networks()).toEqual([home.name, ours.name].sort())
  })
})
