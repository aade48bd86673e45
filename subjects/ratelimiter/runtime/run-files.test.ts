import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import {
  clearCurrentRun,
  isValidRunId,
  newRunId,
  readCurrentRun,
  readNodeRecord,
  readRunRecord,
  resolveRunId,
  writeCurrentRun,
  writeNodeRecord,
  writeRunRecord,
} from './run-files.js'
import { newRunRecord } from './run-plan.js'

function home(): string {
  const dir = mkdtempSync(join(tmpdir(), 'operator-rl-files-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

describe('ratelimiter run files', () => {
  it('writes and reads back the run, a node record and the current-run pointer', () => {
    const h = home()
    const id = newRunId(Date.UTC(2026, 10, 30, 2, 31, 5))
    expect(id).toMatch(/^ratelimiter-20261130-023105-[0-9a-f]{4}$/)
    const run = newRunRecord(id, 5, [1, 2, 3, 4, 5, 6, 7, 8, 9], 'r1', 1024)
    writeRunRecord(h, run)
    expect(readRunRecord(h, id)).toEqual(run)
    expect(readNodeRecord(h, id, 'r1')).toBeNull()
    const record = { name: 'r1', pid: 42, start_time: 7, log_file: '/l', started_at: 9 }
    writeNodeRecord(h, id, record)
    expect(readNodeRecord(h, id, 'r1')).toEqual(record)
    expect(readCurrentRun(h)).toBeNull()
    writeCurrentRun(h, id)
    expect(resolveRunId(h)).toBe(id)
    clearCurrentRun(h, 'another-run')
    expect(readCurrentRun(h)).toBe(id)
    clearCurrentRun(h, id)
    expect(readCurrentRun(h)).toBeNull()
  })

  it('says how to start a run when there is none, and refuses ids that leave the runs folder', () => {
    const h = home()
    expect(() => resolveRunId(h)).toThrow(/no current ratelimiter run/)
    expect(() => resolveRunId(h, 'nope')).toThrow(/no ratelimiter run "nope"/)
    expect(() => readRunRecord(h, '../x')).toThrow(/no ratelimiter run/)
    expect(isValidRunId('../x')).toBe(false)
    expect(isValidRunId('ratelimiter-1')).toBe(true)
  })
})
