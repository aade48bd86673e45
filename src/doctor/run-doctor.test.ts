import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { runDoctor } from './run-doctor.js'

function home(): string {
  const path = mkdtempSync(join(tmpdir(), 'operator-doctor-'))
  onTestFinished(() => rmSync(path, { recursive: true, force: true }))
  return path
}

/** A stand-in for redis-server and redis-sentinel that only says its version. */
function fakeRedis(): string {
  const path = join(home(), 'redis')
  writeFileSync(path, '#!/bin/sh\necho "Redis server v=7.0.15"\n', { mode: 0o755 })
  return path
}

describe('runDoctor', () => {
  it('is not ok when a required item fails, and ok when only tmux is missing', async () => {
    const env = { OPERATOR_HOME: home(), PATH: process.env.PATH ?? '' }
    const noEngine = async () => ({
      ok: false as const,
      host: null,
      tried: ['unix:///nowhere.sock'],
      error: 'no socket found',
    })
    const redis = fakeRedis()
    const tools = { etcdBinary: process.execPath, redisServerBinary: redis, redisSentinelBinary: redis }
    const down = await runDoctor({ ...tools, env, probe: noEngine })
    expect(down).toMatchObject({
      schema_version: 1,
      ok: false,
      docker: { ok: false, host: null, error: expect.stringMatching(/nowhere\.sock/) },
    })

    const engine = async () => ({ ok: true as const, host: 'unix:///x.sock', version: '1.0' })
    const noTmux = await runDoctor({
      ...tools,
      env: { ...env, PATH: '/nonexistent' },
      probe: engine,
    })
    expect(noTmux).toMatchObject({ ok: true, tmux: { ok: false }, docker: { ok: true, host: 'unix:///x.sock' } })
    expect(noTmux.redis_sentinel).toEqual({ ok: true, path: redis, version: '7.0.15' })
  })

  it('is not ok without redis-server or redis-sentinel, and names the fix', async () => {
    const engine = async () => ({ ok: true as const, host: 'unix:///x.sock', version: '1.0' })
    const r = await runDoctor({
      etcdBinary: process.execPath,
      redisServerBinary: fakeRedis(),
      env: { OPERATOR_HOME: home(), PATH: '/nonexistent' },
      probe: engine,
    })
    expect(r).toMatchObject({
      ok: false,
      redis_server: { ok: true },
      redis_sentinel: { ok: false, path: null, fix: expect.stringMatching(/redis-sentinel/) },
    })
  })

  it('is not ok on a Node older than the engines field allows', async () => {
    const engine = async () => ({ ok: true as const, host: 'unix:///x.sock', version: '1.0' })
    const r = await runDoctor({
      etcdBinary: process.execPath,
      env: { OPERATOR_HOME: home() },
      probe: engine,
      nodeVersion: '18.0.0',
    })
    expect(r).toMatchObject({ ok: false, node: { ok: false } })
  })
})
