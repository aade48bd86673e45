import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it, onTestFinished } from 'vitest'
import { openDatabase } from './open-database.js'

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'operator-open-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Another process's writer, holding the write lock until released. */
function holdWriteLock(path: string): () => void {
  const other = new Database(path, { timeout: 0 })
  other.exec('BEGIN IMMEDIATE')
  const release = () => {
    if (other.inTransaction) other.exec('COMMIT')
    other.close()
  }
  onTestFinished(release)
  return release
}

describe('openDatabase', () => {
  it('opens a current database while another process holds the write lock: no migration, no lock taken', () => {
    const path = join(tempDir(), 'operator.db')
    openDatabase(path).close()
    holdWriteLock(path)
    const db = openDatabase(path, { busyTimeoutMs: 100 })
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 0 })
    db.close()
  })

  it('calls a database busy, never corrupt, when a migration cannot get the write lock', () => {
    const path = join(tempDir(), 'operator.db')
    holdWriteLock(path)
    let error: unknown
    try {
      openDatabase(path, { busyTimeoutMs: 100 }).close()
    } catch (err) {
      error = err
    }
    expect(error).toMatchObject({ category: 'database', message: expect.stringMatching(/is busy/) })
    expect(String((error as Error).message)).not.toMatch(/corrupt|unreadable/)
    expect((error as { fix: string }).fix).not.toMatch(/move it aside/)
  })

  it('creates the database with mode 0600 in a directory made with 0700', () => {
    const home = join(tempDir(), 'home')
    const path = join(home, 'operator.db')
    openDatabase(path).close()
    expect(statSync(home).mode & 0o777).toBe(0o700)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(statSync(`${path}-wal`, { throwIfNoEntry: false })?.mode ?? 0o600).toSatisfy(
      (m: number) => (m & 0o077) === 0,
    )
  })
})
