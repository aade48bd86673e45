import { chownSync, lstatSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../test/fixtures/temp-store.js'
import { loadTokenSecret, resolveSigningKey } from './token-secret.js'

const GOOD = '5e1f0c7a9b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f'
const isRoot = process.getuid?.() === 0

describe('the token secret file', () => {
  it('is created as a regular file with mode 0600, owned by the user who runs operator', () => {
    const home = tempDir()
    loadTokenSecret(home, {})
    const st = lstatSync(join(home, 'token.secret'))
    expect(st.isFile()).toBe(true)
    expect(st.mode & 0o777).toBe(0o600)
    expect(st.uid).toBe(process.getuid?.())
  })

  it('refuses a symbolic link, even to a good secret, naming the path and the fix', () => {
    const home = tempDir()
    const elsewhere = join(tempDir(), 'planted.secret')
    writeFileSync(elsewhere, `${GOOD}\n`, { mode: 0o600 })
    symlinkSync(elsewhere, join(home, 'token.secret'))
    expect(() => loadTokenSecret(home, {})).toThrow(
      new RegExp(`token secret ${join(home, 'token.secret')} is a symbolic link`),
    )
    const key = resolveSigningKey(home, {})
    expect(key.secret).toBeNull()
    expect('problem' in key && key.problem).toMatch(/symbolic link.*— delete it/)
  })

  it('refuses a dangling symbolic link instead of creating the secret through it', () => {
    const home = tempDir()
    const target = join(tempDir(), 'would-be-created')
    symlinkSync(target, join(home, 'token.secret'))
    expect(() => loadTokenSecret(home, {})).toThrow(/symbolic link/)
    expect(() => statSync(target)).toThrow(/ENOENT/)
  })

  it.runIf(isRoot)('refuses a secret file owned by another user', () => {
    const home = tempDir()
    const path = join(home, 'token.secret')
    writeFileSync(path, `${GOOD}\n`, { mode: 0o600 })
    chownSync(path, 65534, 65534)
    expect(() => loadTokenSecret(home, {})).toThrow(new RegExp(`token secret ${path} is owned by uid 65534`))
  })
})
