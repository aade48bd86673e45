import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { checkEtcd, checkNode } from './check-tools.js'
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
})
