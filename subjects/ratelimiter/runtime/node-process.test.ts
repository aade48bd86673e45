import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { systemClock } from '../../../src/core/clock.js'
import type { NodeLaunch } from './node-launch.js'
import { recordedState, signalRecorded, startNode, stopRecorded } from './node-process.js'

function launch(script: string): NodeLaunch {
  const dir = mkdtempSync(join(tmpdir(), 'operator-rl-proc-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  return {
    name: 'a1',
    kind: 'app',
    binary: process.execPath,
    args: ['-e', script],
    dataDir: join(dir, 'data'),
    logFile: join(dir, 'logs', 'a1.log'),
  }
}

describe('ratelimiter node processes', () => {
  it('starts a node detached with its output in its log, pauses, resumes and stops exactly that process', async () => {
    const l = launch("console.log('up'); setInterval(() => {}, 1000)")
    const record = await startNode(l, 1)
    onTestFinished(async () => {
      await stopRecorded(record, systemClock, 1000)
    })
    expect(record).toMatchObject({ name: 'a1', log_file: l.logFile, started_at: 1 })
    expect(recordedState(record)).toBe('running')
    for (let i = 0; i < 100 && !readFileSync(l.logFile, 'utf8').includes('up'); i++) await systemClock.sleep(50)
    expect(readFileSync(l.logFile, 'utf8')).toContain('up')
    expect(signalRecorded(record, 'SIGSTOP')).toBe(true)
    await systemClock.sleep(100)
    expect(recordedState(record)).toBe('paused')
    expect(await stopRecorded(record, systemClock, 2000)).toBe(true)
    expect(recordedState(record)).toBe('exited')
    expect(signalRecorded(record, 'SIGKILL')).toBe(false)
  })

  it('never signals a pid whose start time is not the recorded one', () => {
    const other = { pid: process.pid, start_time: 1 }
    expect(recordedState(other)).toBe('exited')
    expect(signalRecorded(other, 'SIGSTOP')).toBe(false)
  })

  it('says what to install when the program is missing', async () => {
    const l = { ...launch(''), kind: 'redis' as const, binary: '/nonexistent/redis-server', args: [] }
    await expect(startNode(l, 0)).rejects.toThrow(/cannot start redis node a1 \(\/nonexistent\/redis-server\)/)
    await expect(startNode(l, 0)).rejects.toMatchObject({ fix: expect.stringMatching(/redis-server/) })
  })
})
