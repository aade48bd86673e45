import { describe, expect, inject, it } from 'vitest'
import { storeLocation } from '../../../test/fixtures/temp-store.js'
import { checkDatabase } from '../../doctor/check-storage.js'
import { LATEST_VERSION } from '../migrations.js'
import { Store } from '../store.js'
import { SyncPg } from './sync-client.js'

function withPassword(url: string, password: string): string {
  const u = new URL(url)
  u.password = password
  return u.toString()
}

/** A one-line error that names the URL without its password, and the fix. */
function refusal(open: () => unknown): string {
  try {
    open()
  } catch (err) {
    const text = String((err as Error).message)
    expect(text).not.toContain('\n')
    expect(text).not.toMatch(/wrong-s3cret/)
    return text
  }
  throw new Error('it opened')
}

describe('opening a PostgreSQL store', () => {
  const server = () => inject('pgUrl')

  it('refuses a wrong password in one line, the URL shown without it', () => {
    const text = refusal(() => new Store(withPassword(server(), 'wrong-s3cret')))
    expect(text).toMatch(
      /PostgreSQL at postgres:\/\/operator:\*\*\*@127\.0\.0\.1:\d+\/postgres refused the user or password/,
    )
  })

  it('names a database that does not exist, and an unreachable server', () => {
    const missing = server().replace(/\/postgres$/, '/no_such_db')
    expect(refusal(() => new Store(missing))).toMatch(/has no such database/)
    const closed = new URL(server())
    closed.port = '1'
    expect(refusal(() => new Store(closed.toString()))).toMatch(/127\.0\.0\.1:1\/postgres is not reachable/)
  })

  it('will not write to a database with tables of someone else', () => {
    const location = storeLocation()
    const other = new SyncPg(location)
    other.call({ op: 'simple', text: 'CREATE TABLE invoices (id int)' })
    other.close()
    expect(refusal(() => new Store(location))).toMatch(/has tables that do not belong to Operator/)
  })

  it('migrates a new database once, whoever opens it first, and opens a current one without migrating', () => {
    const location = storeLocation()
    const first = new Store(location)
    const second = new Store(location)
    try {
      first.append({ run_id: null, actor: 'a', type: 'test.one', payload: {} })
      expect(second.events().map((e) => e.type)).toEqual(['test.one'])
      const meta = first.db.prepare('SELECT application, version FROM operator_meta').all()
      expect(meta).toEqual([{ application: 'operator', version: LATEST_VERSION }])
    } finally {
      first.close()
      second.close()
    }
  })

  it('is checked by doctor: reachable and current, or what is wrong, never with the password', () => {
    const ok = checkDatabase(storeLocation())
    expect(ok).toMatchObject({ ok: true, exists: true, schema_version: LATEST_VERSION })
    const refused = checkDatabase(withPassword(server(), 'wrong-s3cret'))
    expect(refused).toMatchObject({ ok: false, path: expect.stringContaining('operator:***@127.0.0.1') })
    expect(JSON.stringify(refused)).not.toMatch(/wrong-s3cret/)
    expect(refused).toMatchObject({ fix: expect.stringMatching(/check the user and password in OPERATOR_DB/) })
  })

  it('refuses a schema newer than this build', () => {
    const location = storeLocation()
    const s = new Store(location)
    s.db.prepare('UPDATE operator_meta SET version = 99').run()
    s.close()
    expect(refusal(() => new Store(location))).toMatch(/schema version 99, newer than this build supports/)
  })
})
