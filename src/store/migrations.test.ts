import { describe, expect, it } from 'vitest'
import { LATEST_VERSION, MIGRATIONS } from './migrations.js'
import { PG_MIGRATIONS } from './pg/pg-migrations.js'

describe('migrations', () => {
  it('are versioned alike on SQLite and PostgreSQL: the same versions, in order, with the same descriptions', () => {
    const sqlite = MIGRATIONS.map((m) => [m.version, m.description])
    expect(PG_MIGRATIONS.map((m) => [m.version, m.description])).toEqual(sqlite)
    expect(sqlite.map(([v]) => v)).toEqual(Array.from({ length: LATEST_VERSION }, (_, i) => i + 1))
  })
})
