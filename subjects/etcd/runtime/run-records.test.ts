import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { OperatorError } from '../../../src/core/errors.js'
import { currentRunPath, isValidRunId, memberRecordPath, newRunId } from './run-paths.js'
import type { RunRecord } from './run-records.js'
import {
  clearCurrentRun,
  readCurrentRun,
  readMemberRecord,
  readRunRecord,
  resolveRunId,
  writeCurrentRun,
  writeMemberRecord,
  writeRunRecord,
} from './run-records.js'

function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'operator-etcd-records-'))
  onTestFinished(() => rmSync(home, { recursive: true, force: true }))
  return home
}

const run = (id: string): RunRecord => ({
  subject: 'etcd',
  run_id: id,
  runtime: 'process',
  created_at: 1,
  quota_bytes: 1024,
  preferred: 'm1',
  cluster_token: id,
  members: [{ name: 'm1', client_url: 'http://127.0.0.1:1', peer_url: 'http://127.0.0.1:2' }],
})

describe('run ids', () => {
  it('are etcd-<yyyymmdd-hhmmss>-<4 hex> in UTC', () => {
    expect(newRunId(Date.UTC(2025, 0, 31, 12, 34, 56))).toMatch(/^etcd-20250131-123456-[0-9a-f]{4}$/)
  })

  it('refuse anything that could leave the runs directory', () => {
    expect(isValidRunId('etcd-20250131-123456-abcd')).toBe(true)
    expect(isValidRunId('../etc')).toBe(false)
    expect(isValidRunId('a/b')).toBe(false)
  })
})

describe('run records', () => {
  it('round-trip the run and member records as JSON files', () => {
    const home = tempHome()
    writeRunRecord(home, run('r1'))
    const member = {
      name: 'm1',
      client_url: 'u',
      peer_url: 'p',
      pid: 42,
      start_time: 7,
      data_dir: 'd',
      log_file: 'l',
      started_at: 3,
    }
    writeMemberRecord(home, 'r1', member)
    expect(readRunRecord(home, 'r1')).toEqual(run('r1'))
    expect(readMemberRecord(home, 'r1', 'm1')).toEqual(member)
    expect(JSON.parse(readFileSync(memberRecordPath(home, 'r1', 'm1'), 'utf8'))).toEqual(member)
    expect(readMemberRecord(home, 'r1', 'm2')).toBeNull()
  })

  it('round-trip a docker run with where it lives on the engine, and refuse one without it', () => {
    const home = tempHome()
    const docker: RunRecord = {
      ...run('r2'),
      runtime: 'docker',
      docker: {
        engine_host: 'unix:///x.sock',
        image: 'operator/etcd:abc',
        client_network: 'n-client',
        peer_network: 'n-peer',
        containers: { m1: 'c-m1' },
      },
    }
    writeRunRecord(home, docker)
    expect(readRunRecord(home, 'r2')).toEqual(docker)
    writeRunRecord(home, { ...run('r3'), runtime: 'docker' } as unknown as RunRecord)
    expect(() => readRunRecord(home, 'r3')).toThrowError(/docker/)
  })

  it('reports an unknown run as not_found with a fix', () => {
    const home = tempHome()
    expect(() => readRunRecord(home, 'nope')).toThrowError(OperatorError)
    try {
      resolveRunId(home)
    } catch (err) {
      expect(err).toMatchObject({ category: 'not_found' })
      expect((err as OperatorError).fix).toMatch(/operator cluster up/)
    }
    expect.assertions(3)
  })

  it('clears the current-run pointer only when it names that run', () => {
    const home = tempHome()
    writeRunRecord(home, run('r1'))
    writeCurrentRun(home, 'r1')
    expect(readCurrentRun(home)).toBe('r1')
    expect(resolveRunId(home)).toBe('r1')
    clearCurrentRun(home, 'r2')
    expect(readCurrentRun(home)).toBe('r1')
    clearCurrentRun(home, 'r1')
    expect(existsSync(currentRunPath(home))).toBe(false)
    expect(readCurrentRun(home)).toBeNull()
  })
})
