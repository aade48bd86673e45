import { describe, expect, it } from 'vitest'
import { validateAction } from '../../agent/validate.js'
import { genericActions } from '../catalogue.js'

const actions = genericActions({
  getEngine: () => Promise.reject(new Error('no engine in unit tests')),
  runId: 'run-unit',
})

describe('run_script in the agent’s validation', () => {
  it('is high risk, tier 3', () => {
    const v = validateAction(actions, 'run_script', { language: 'bash', script: 'echo hi' })
    expect(v).toMatchObject({
      ok: true,
      risk: 'high',
      tier: 3,
      params: { language: 'bash', script: 'echo hi', timeout_ms: 10_000 },
    })
  })

  it('reports script findings as script: line N: rule', () => {
    const v = validateAction(actions, 'run_script', { language: 'bash', script: 'echo a\nrm -rf /\n' })
    expect(v).toEqual({
      ok: false,
      reason: 'script: line 2: dangerous.rm_rf_root: recursive removal of / or a system directory',
    })
  })

  it('refuses a time limit over 60 s and unknown languages', () => {
    expect(validateAction(actions, 'run_script', { language: 'bash', script: 'echo', timeout_ms: 60_001 }).ok).toBe(
      false,
    )
    expect(validateAction(actions, 'run_script', { language: 'python', script: 'print(1)' }).ok).toBe(false)
  })
})

describe('Docker actions in the catalogue', () => {
  it('carry the risk and tier of what they do', () => {
    const byName = Object.fromEntries(actions.map((a) => [a.name, `${a.kind} ${a.risk} ${a.tier}`]))
    expect(byName).toEqual({
      docker_start: 'docker medium 2',
      docker_stop: 'docker high 2',
      docker_restart: 'docker high 2',
      docker_pause: 'docker high 2',
      docker_unpause: 'docker medium 2',
      docker_logs: 'docker low 1',
      docker_inspect: 'docker low 1',
      docker_exec: 'docker high 3',
      docker_network_connect: 'docker medium 2',
      docker_network_disconnect: 'docker high 2',
      run_script: 'script high 3',
    })
  })

  it('take argument arrays for exec, never a shell string, and bounded log tails', () => {
    expect(validateAction(actions, 'docker_exec', { container: 'c1', command: 'ls -la' }).ok).toBe(false)
    expect(validateAction(actions, 'docker_exec', { container: 'c1', command: ['ls', '-la'] }).ok).toBe(true)
    expect(validateAction(actions, 'docker_logs', { container: 'c1', tail: 10_001 }).ok).toBe(false)
    expect(validateAction(actions, 'docker_logs', { container: 'c1' })).toMatchObject({
      ok: true,
      params: { tail: 100, timestamps: true },
    })
    expect(validateAction(actions, 'docker_stop', { container: '../../images/x' }).ok).toBe(false)
  })

  it('fail with a result, not a throw, when no engine answers', async () => {
    const inspect = actions.find((a) => a.name === 'docker_inspect')
    const r = await inspect?.run(
      { container: 'c1' },
      {
        signal: new AbortController().signal,
        clock: { now: () => 0, sleep: async () => undefined },
        log: () => undefined,
      },
    )
    expect(r).toMatchObject({ status: 'failed', summary: expect.stringContaining('no Docker engine') })
  })
})
