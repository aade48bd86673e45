/**
 * `operator doctor` on this machine, through the built CLI: ready with a
 * Docker engine that answers; a broken database, an engine address that is
 * not on this machine, and a missing etcd each make it not ready, with a
 * one-line fix in text mode.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DoctorReportSchema } from '../../src/doctor/report-schema.js'
import { createOperatorEnv } from '../fixtures/operator-env.js'

function parseReport(stdout: string) {
  const parsed = DoctorReportSchema.safeParse(JSON.parse(stdout))
  if (!parsed.success) throw new Error(`doctor --json printed an invalid report: ${parsed.error.message}`)
  return parsed.data
}

describe('operator doctor', () => {
  it('finds this machine ready: etcd, a Docker engine with its address, tmux, a database to create, node, a writable home', async () => {
    const op = createOperatorEnv()
    const r = await op.cli(['doctor', '--json'])
    expect(r.exitCode, r.stderr).toBe(0)
    const report = parseReport(r.stdout)
    expect(report).toMatchObject({
      schema_version: 1,
      ok: true,
      etcd: { ok: true },
      tmux: { ok: true },
      node: { ok: true },
      home: { path: op.home, writable: true },
    })
    expect(report.docker).toMatchObject({ ok: true, host: expect.stringMatching(/^(unix|tcp):\/\//) })
    expect(report.database).toEqual({ ok: true, path: join(op.home, 'operator.db'), exists: false })

    const text = await op.cli(['doctor'])
    expect(text.exitCode).toBe(0)
    expect(text.stdout).toMatch(/^✔ docker +engine \S+ at (unix|tcp):\/\//m)
    expect(text.stdout.trim().endsWith('ready')).toBe(true)
    expect(text.stdout).not.toContain('✘')
  })

  it('reports an existing database with its schema version', async () => {
    const op = createOperatorEnv()
    expect((await op.cli(['mode'])).exitCode).toBe(0)
    const report = parseReport((await op.cli(['doctor', '--json'])).stdout)
    expect(report.database).toMatchObject({ ok: true, exists: true, schema_version: expect.any(Number) })
  })

  it('keeps its shape when DOCKER_HOST names a socket that does not exist: the engine is found the way every command finds it', async () => {
    const op = createOperatorEnv()
    const bogus = `unix://${join(op.home, 'no-such-docker.sock')}`
    const r = await op.cli(['doctor', '--json'], { DOCKER_HOST: bogus })
    const report = parseReport(r.stdout)
    // The default sockets still answer here, so the engine is found elsewhere, never at the bogus address.
    if (report.docker.ok) expect(report.docker.host).not.toBe(bogus)
    else expect(report.docker.error).toContain(bogus)
    expect(r.exitCode).toBe(report.ok ? 0 : 1)
  })

  it('is not ready when the database is corrupt: database.ok false, non-zero exit, a one-line fix in text mode', async () => {
    const op = createOperatorEnv()
    const db = join(op.home, 'broken.db')
    writeFileSync(db, Buffer.from('this is not a database at all, just bytes'.repeat(200)))
    const json = await op.cli(['doctor', '--json'], { OPERATOR_DB: db })
    expect(json.exitCode).not.toBe(0)
    const report = parseReport(json.stdout)
    expect(report.ok).toBe(false)
    expect(report.database).toMatchObject({
      ok: false,
      path: db,
      exists: true,
      error: expect.stringMatching(/corrupt/),
      fix: expect.stringMatching(/move it aside/),
    })

    const text = await op.cli(['doctor'], { OPERATOR_DB: db })
    expect(text.exitCode).not.toBe(0)
    const failing = text.stdout.split('\n').filter((line) => line.startsWith('✘'))
    expect(failing).toHaveLength(1)
    expect(failing[0]).toMatch(/^✘ database +.*broken\.db.*corrupt.* — move it aside/)
    expect(text.stdout).toMatch(/not ready: database/)
  })

  it('is not ready when DOCKER_HOST is not on this machine, or etcd is missing', async () => {
    const op = createOperatorEnv()
    const r = await op.cli(['doctor', '--json'], {
      DOCKER_HOST: 'tcp://192.0.2.10:2375',
      OPERATOR_ETCD_BINARY: join(op.home, 'no-etcd'),
    })
    expect(r.exitCode).toBe(1)
    const report = parseReport(r.stdout)
    expect(report).toMatchObject({ ok: false, docker: { ok: false, host: null }, etcd: { ok: false, path: null } })
    const text = await op.cli(['doctor'], { DOCKER_HOST: 'tcp://192.0.2.10:2375' })
    expect(text.stdout).toMatch(/^✘ docker +DOCKER_HOST tcp:\/\/192\.0\.2\.10:2375 is not on this machine — /m)
  })
})
