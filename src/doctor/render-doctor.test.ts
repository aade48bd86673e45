import { describe, expect, it } from 'vitest'
import { renderDoctor } from './render-doctor.js'
import { type DoctorReport, DoctorReportSchema } from './report-schema.js'

function report(overrides: Partial<DoctorReport> = {}): DoctorReport {
  return {
    schema_version: 1,
    ok: true,
    etcd: { ok: true, path: '/usr/bin/etcd', version: '3.4.23' },
    redis_server: { ok: true, path: '/usr/bin/redis-server', version: '7.0.15' },
    redis_sentinel: { ok: true, path: '/usr/bin/redis-sentinel', version: '7.0.15' },
    docker: { ok: true, host: 'unix:///var/run/docker.sock', version: '26.1.5' },
    tmux: { ok: true, path: '/usr/bin/tmux' },
    database: { ok: true, path: '/h/operator.db', exists: false },
    node: { ok: true, version: 'v20.20.2' },
    home: { path: '/h', writable: true },
    ...overrides,
  }
}

describe('doctor report', () => {
  it('renders one ✔ line per item and says ready', () => {
    const text = renderDoctor(report())
    expect(text.split('\n')).toHaveLength(9)
    expect(text).toMatch(/^✔ etcd +3\.4\.23 at \/usr\/bin\/etcd$/m)
    expect(text).toMatch(/^✔ redis +7\.0\.15 at \/usr\/bin\/redis-server$/m)
    expect(text).toMatch(/^✔ sentinel +7\.0\.15 at \/usr\/bin\/redis-sentinel$/m)
    expect(text).toMatch(/^✔ database +\/h\/operator\.db \(will be created\)$/m)
    expect(text.endsWith('\nready')).toBe(true)
  })

  it('renders a failing item as one ✘ line with its fix, and names it in the verdict', () => {
    const r = report({
      ok: false,
      docker: {
        ok: false,
        host: null,
        version: null,
        error: 'no Docker engine answers',
        fix: 'run `bash scripts/setup.sh`',
      },
    })
    const text = renderDoctor(r)
    expect(text).toMatch(/^✘ docker +no Docker engine answers — run `bash scripts\/setup\.sh`$/m)
    expect(text).toMatch(/not ready: docker/)
  })

  it('renders a missing redis-sentinel as a ✘ line with its fix and is not ready', () => {
    const text = renderDoctor(
      report({
        ok: false,
        redis_sentinel: {
          ok: false,
          path: null,
          version: null,
          error: 'redis-sentinel not found on PATH',
          fix: 'install redis-sentinel',
        },
      }),
    )
    expect(text).toMatch(/^✘ sentinel +redis-sentinel not found on PATH — install redis-sentinel$/m)
    expect(text).toMatch(/not ready: redis-sentinel/)
  })

  it('marks tmux optional', () => {
    expect(
      renderDoctor(report({ tmux: { ok: false, path: null, error: 'tmux not found', fix: 'install tmux' } })),
    ).toMatch(/^✘ tmux +\(optional\) tmux not found — install tmux$/m)
  })

  it('has a schema that rejects contradictions: a failing item without a fix, a passing one with an error', () => {
    expect(DoctorReportSchema.safeParse(report()).success).toBe(true)
    expect(DoctorReportSchema.safeParse({ ...report(), schema_version: 2 }).success).toBe(false)
    expect(
      DoctorReportSchema.safeParse({ ...report(), docker: { ok: false, host: null, version: null, error: 'x' } })
        .success,
    ).toBe(false)
    expect(
      DoctorReportSchema.safeParse({ ...report(), docker: { ok: true, host: 'unix:///x', version: '1', error: 'x' } })
        .success,
    ).toBe(false)
    expect(
      DoctorReportSchema.safeParse({ ...report(), database: { ok: true, path: '/x', exists: true } }).success,
    ).toBe(false)
  })
})
