import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it, onTestFinished } from 'vitest'
import { openDatabase } from '../store/open-database.js'
import { checkDatabase, checkHome } from './check-storage.js'

function dir(): string {
  const path = mkdtempSync(join(tmpdir(), 'operator-doctor-'))
  onTestFinished(() => rmSync(path, { recursive: true, force: true }))
  return path
}

describe('doctor storage checks', () => {
  it('finds a missing database ok: it will be created', () => {
    const path = join(dir(), 'nested', 'operator.db')
    expect(checkDatabase(path)).toEqual({ ok: true, path, exists: false })
  })

  it('opens an existing Operator database read-only and reports its schema version', () => {
    const path = join(dir(), 'operator.db')
    openDatabase(path).close()
    expect(checkDatabase(path)).toMatchObject({ ok: true, exists: true, schema_version: expect.any(Number) })
  })

  it('reports a corrupt database with the fix', () => {
    const path = join(dir(), 'operator.db')
    writeFileSync(path, Buffer.from('not a database '.repeat(400)))
    expect(checkDatabase(path)).toMatchObject({
      ok: false,
      exists: true,
      error: expect.stringMatching(/corrupt/),
      fix: expect.stringMatching(/OPERATOR_DB/),
    })
  })

  it('reports a SQLite database that is not Operator’s', () => {
    const path = join(dir(), 'operator.db')
    const foreign = new Database(path)
    foreign.exec('CREATE TABLE customers (name TEXT)')
    foreign.close()
    expect(checkDatabase(path)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/does not belong to Operator/),
    })
  })

  it('finds a home writable when it exists or can be created, and not under a file', () => {
    const base = dir()
    expect(checkHome(base)).toEqual({ path: base, writable: true })
    expect(checkHome(join(base, 'a', 'b'))).toEqual({ path: join(base, 'a', 'b'), writable: true })
    writeFileSync(join(base, 'file'), '')
    expect(checkHome(join(base, 'file', 'home'))).toMatchObject({
      writable: false,
      error: expect.stringMatching(/not a directory/),
      fix: expect.any(String),
    })
  })
})
