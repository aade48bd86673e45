import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { checkEtcd, checkNode, checkRedis } from './check-tools.js'
import { findExecutable } from './find-executable.js'

describe('doctor tool checks', () => {
  it('accepts Node 20.19 and newer and names the fix for older ones', () => {
    expect(checkNode('20.19.0')).toEqual({ ok: true, version: 'v20.19.0' })
    expect(checkNode('22.1.0')).toEqual({ ok: true, version: 'v22.1.0' })
    expect(checkNode('20.18.3')).toMatchObject({
      ok: false,
      version: 'v20.18.3',
      fix: expect.stringMatching(/20\.19 or newer/),
    })
    expect(checkNode('18.20.0')).toMatchObject({ ok: false })
  })

  it('finds programs on PATH or by path, like a shell, and nothing that is not executable', () => {
    expect(findExecutable('node', { PATH: `/nonexistent:${process.env.PATH ?? ''}` })).toMatch(/\/node$/)
    expect(findExecutable(process.execPath, {})).toBe(process.execPath)
    expect(findExecutable('node', { PATH: '' })).toBeNull()
    const dir = mkdtempSync(join(tmpdir(), 'operator-doctor-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(join(dir, 'plain'), 'not a program', { mode: 0o644 })
    expect(findExecutable(join(dir, 'plain'), {})).toBeNull()
    expect(findExecutable('plain', { PATH: dir })).toBeNull()
    expect(findExecutable(dir, {})).toBeNull()
  })

  it('reports a missing etcd binary with the fix', async () => {
    expect(await checkEtcd('/nonexistent/etcd', {})).toMatchObject({
      ok: false,
      path: null,
      version: null,
      fix: expect.stringMatching(/etcd-server/),
    })
  })

  it('reports a missing redis-server or redis-sentinel with the fix', async () => {
    expect(await checkRedis('/nonexistent/redis-sentinel', {})).toMatchObject({
      ok: false,
      path: null,
      version: null,
      error: expect.stringMatching(/redis-sentinel not found/),
      fix: expect.stringMatching(/redis-server and redis-sentinel/),
    })
  })

  it("reads Redis's version from `--version`, and fails a program that prints none", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'operator-doctor-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    const fake = join(dir, 'redis-server')
    writeFileSync(fake, '#!/bin/sh\necho "Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64"\n', {
      mode: 0o755,
    })
    expect(await checkRedis('redis-server', { PATH: dir })).toEqual({ ok: true, path: fake, version: '7.0.15' })
    const mute = join(dir, 'mute')
    writeFileSync(mute, '#!/bin/sh\necho hello\n', { mode: 0o755 })
    expect(await checkRedis(mute, {})).toMatchObject({
      ok: false,
      path: mute,
      error: expect.stringMatching(/no Redis version/),
    })
  })
})
